"""Publishing the training programme: the dialog behind File › Publish programme…."""
