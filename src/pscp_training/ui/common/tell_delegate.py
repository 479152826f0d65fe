"""The "tell the delegate" choice on confirmations of a change to a place, and sending after it.

On by default; off and greyed when File > Messages is not set up, so a change
never fails for want of mail settings. Sending runs in the background after the
change is saved, and its outcome comes back as one sentence.
"""

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QMessageBox

from pscp_training.domain.errors import PscpError
from pscp_training.domain.wording import plural


def _messages():
    # Loaded when first used: the messages service pulls in the PDF and spreadsheet
    # writers (through charges), which the window must not pay for at start-up.
    from pscp_training.services import messages

    return messages

TELL_DELEGATE = "Tell the delegate by email, with the calendar update"
NOT_SET_UP = "Set up sending in File > Messages to tell delegates by email."


def mail_ready(ctx) -> bool:
    messages = _messages()
    try:
        messages.configured_transport(ctx.db)
    except PscpError:
        return False
    return bool(messages.get_mail_settings(ctx.db).from_address)


def tell_checkbox(ctx, text: str = TELL_DELEGATE, parent=None) -> QCheckBox:
    box = QCheckBox(text, parent)
    box.setObjectName("tell_delegate")
    ready = mail_ready(ctx)
    box.setChecked(ready)
    box.setEnabled(ready)
    if not ready:
        box.setToolTip(NOT_SET_UP)
    return box


def ask_and_tell(parent, ctx, title: str, text: str, *, tell_text: str = TELL_DELEGATE,
                 yes_text: str | None = None, no_text: str | None = None,
                 default_no: bool = False) -> bool | None:
    """A Yes/No confirmation with the tell checkbox: None when refused, else whether to tell."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    if yes_text:
        box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    if no_text:
        box.button(QMessageBox.StandardButton.No).setText(no_text)
    box.setDefaultButton(QMessageBox.StandardButton.No if default_no
                         else QMessageBox.StandardButton.Yes)
    # Made with the box as parent and kept: QMessageBox.setCheckBox alone does not keep
    # the Python wrapper alive, and the check box would be deleted under it.
    box.tell = tell_checkbox(ctx, tell_text, box)
    box.setCheckBox(box.tell)
    parent.tell_question = box  # for tests and screenshots
    if box.exec() != QMessageBox.StandardButton.Yes:
        return None
    return box.tell.isChecked()


def describe(outcome) -> str:
    """A send run in one sentence or two: what went, what had gone before, what failed."""
    if outcome.would_send:
        return f"{plural(len(outcome.would_send), 'message')} would be sent."
    parts = []
    mailed = [m for m in outcome.sent if m.transport != "eml"]
    written = [m for m in outcome.sent if m.transport == "eml"]
    if mailed:
        parts.append(f"{plural(len(mailed), 'message')} sent")
    if written:
        # An .eml file is a draft for Outlook: nothing has left the building yet.
        folder = Path(written[0].detail).parent if written[0].detail else None
        where = f" in {folder}" if folder else ""
        which = "it" if len(written) == 1 else "each"
        parts.append(f"{plural(len(written), 'message')} written{where} for Outlook, "
                     f"not sent yet: open {which} and press Send")
    if outcome.skipped:
        parts.append(f"{len(outcome.skipped):,} already sent before (not sent again)")
    text = (", ".join(parts) or "Nothing was due") + "."
    if outcome.no_email:
        text += " " + " ".join(outcome.no_email)
    if outcome.failed:
        text += " Not sent: " + " ".join(outcome.failed)
    return text[0].upper() + text[1:]


def send_messages(ctx, send, *args, say) -> None:
    """Run `send(db, transport, *args)` with the transport in settings; `say` gets the outcome."""
    ctx.tasks.run(
        lambda: send(ctx.db, _messages().configured_transport(ctx.db), *args),
        on_done=lambda outcome: say(describe(outcome)),
    )


def tell_after(ctx, say, *sends) -> None:
    """Send each `(name, *args)` in turn in the background; `say` gets one sentence.

    `name` is a send function of the messages service (e.g. "send_booking_cancelled");
    a dict as the last item gives its keyword arguments.
    """

    def run():
        messages = _messages()
        transport = messages.configured_transport(ctx.db)
        outcomes = []
        for name, *args in sends:
            kwargs = args.pop() if args and isinstance(args[-1], dict) else {}
            outcomes.append(getattr(messages, name)(ctx.db, transport, *args, **kwargs))
        return messages.combine_outcomes(*outcomes)

    ctx.tasks.run(run, on_done=lambda outcome: say("Email: " + describe(outcome)))
