"""The Courses page and the course dialog."""
