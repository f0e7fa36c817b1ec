package org.mnistlab.notebook;

import java.util.ArrayList;
import java.util.List;

/** A stand-in for the kernel in unit tests: remembers every display and update it receives, in order. */
final class RecordingSink implements DisplaySink {

    record Event(String kind, String id, MimeBundle bundle) {
    }

    final List<Event> events = new ArrayList<>();
    private int next;

    @Override
    public String display(MimeBundle bundle) {
        String id = "id-" + (++next);
        events.add(new Event("display", id, bundle));
        return id;
    }

    @Override
    public void update(String displayId, MimeBundle bundle) {
        events.add(new Event("update", displayId, bundle));
    }

    List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }
}
