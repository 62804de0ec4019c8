"""The emulators' developer command loop."""

from devices.console import command_loop


def test_runs_commands_reports_errors_and_stops_at_quit():
    seen, out = [], []

    def fail(words):
        raise ValueError("bad card " + words[0])
    command_loop({"insert": lambda w: seen.append(("insert", w)), "fault": fail},
                 ["insert 2\n", "\n", "fault x\n", "eject\n", "quit\n", "insert 9\n"], out.append)
    assert seen == [("insert", ["2"])]
    assert out[1:] == ["ok", "error: bad card x", "unknown command"]
