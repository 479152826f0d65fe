"""`pscp-training demo`: fill an empty database with the demo partnership."""

from pscp_training.cli.output import Progress


def register(commands) -> None:
    demo = commands.add_parser(
        "demo",
        help="fill an empty database with the demo data",
        description="Loads a realistic demo partnership into an empty database: the city's "
        "schools and agencies, three years of training matching the annual report 2022-23, "
        "and a coming term of sessions with bookings and waiting lists.",
    )
    demo.set_defaults(handler=demo_command)


def demo_command(args, open_db) -> int:
    from pscp_training.services.demo import load_demo

    summary = load_demo(open_db(), progress=Progress("Loading the demo data"))
    print(summary.describe())
    return 0
