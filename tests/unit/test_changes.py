"""Live updates: listeners hear their topic until they unsubscribe; one failure spares the rest."""

from storage.changes import Changes


def test_listeners_hear_their_topic_only_until_unsubscribed():
    changes, heard = Changes(), []
    stop = changes.subscribe(("profile", 7), heard.append)
    changes.subscribe(("profile", 8), lambda t: heard.append(("wrong", t)))
    changes.publish(("profile", 7))
    stop()
    changes.publish(("profile", 7))
    assert heard == [("profile", 7)]
    assert changes.listener_count(("profile", 7)) == 0


def test_a_broken_listener_does_not_stop_the_others(caplog):
    changes, heard = Changes(), []
    changes.subscribe("clinic", lambda t: 1 / 0)
    changes.subscribe("clinic", heard.append)
    changes.publish("clinic")
    assert heard == ["clinic"] and "failed" in caplog.text
