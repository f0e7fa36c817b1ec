package org.mnistlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What people wrote in a notebook: its cells' sources, without the outputs its code computed. */
final class NotebookCells {

    private NotebookCells() {
    }

    /** The sources of {@code notebook}'s cells, one after another; only its Markdown cells when {@code markdownOnly}. */
    static String sources(Path notebook, boolean markdownOnly) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String cell : cells(notebook, markdownOnly)) sb.append(cell).append('\n');
        return sb.toString();
    }

    /** Each cell's source, in order; only the Markdown cells when {@code markdownOnly}. */
    static List<String> cells(Path notebook, boolean markdownOnly) throws IOException {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : new ObjectMapper().readTree(notebook.toFile()).get("cells")) {
            if (markdownOnly && !"markdown".equals(cell.get("cell_type").asText())) continue;
            StringBuilder sb = new StringBuilder();
            JsonNode source = cell.get("source");
            if (source.isArray()) source.forEach(line -> sb.append(line.asText()));
            else sb.append(source.asText());
            cells.add(sb.toString());
        }
        return cells;
    }
}
