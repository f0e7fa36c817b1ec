package org.mnistlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/** What people wrote in a notebook: its cells' sources, without the outputs its code computed. */
final class NotebookCells {

    private NotebookCells() {
    }

    /** The sources of {@code notebook}'s cells, one after another; only its Markdown cells when {@code markdownOnly}. */
    static String sources(Path notebook, boolean markdownOnly) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode cell : new ObjectMapper().readTree(notebook.toFile()).get("cells")) {
            if (markdownOnly && !"markdown".equals(cell.get("cell_type").asText())) continue;
            JsonNode source = cell.get("source");
            if (source.isArray()) source.forEach(line -> sb.append(line.asText()));
            else sb.append(source.asText());
            sb.append('\n');
        }
        return sb.toString();
    }
}
