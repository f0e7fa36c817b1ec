package org.mnistlab.report;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as a compact HTML table for a notebook cell: caption on top, numbers right-aligned in tabular
 * figures using each column's print format, text left-aligned, ✓ green and ✗ red. Styles are inline because Jupyter
 * strips {@code <style>} blocks from untrusted notebooks; a numeric cell carries none (Jupyter's own table style
 * right-aligns it), which keeps a committed notebook small. (Tablesaw's own HTML writer lives in a separate module.)
 *
 * <p>Example: {@code String html = Html.of(Tables.history(history));}
 */
public final class Html {

    private static final String TABLE = "border-collapse:collapse;margin:0.4em 0;font-size:14px;"
            + "font-variant-numeric:tabular-nums;white-space:nowrap";
    private static final String CAPTION = "caption-side:top;text-align:left;font-weight:600;padding:0 0 6px 2px";
    private static final String TH = "padding:4px 12px;border-bottom:2px solid #555;font-weight:600;"
            + "white-space:nowrap;text-align:";

    private Html() {
    }

    /** The table as an HTML {@code <table>} element, its name as the caption. */
    public static String of(Table table) {
        StringBuilder b = new StringBuilder(256 + table.rowCount() * table.columnCount() * 48);
        b.append("<table style=\"").append(TABLE).append("\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            b.append("<caption style=\"").append(CAPTION).append("\">").append(escape(table.name()))
                    .append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            b.append("<th style=\"").append(TH).append(align(c)).append("\">").append(escape(c.name()))
                    .append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            b.append("<tr>");
            for (Column<?> c : table.columns()) {
                String value = TextTable.cell(c, r);
                String style = (c instanceof NumericColumn<?> ? "" : "text-align:left") + mark(value);
                b.append(style.isEmpty() ? "<td>" : "<td style=\"" + style + "\">").append(escape(value))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>");
        return b.toString();
    }

    /** Escapes {@code & < > " '} for use in HTML text and attribute values. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static String align(Column<?> c) {
        return c instanceof NumericColumn<?> ? "right" : "left";
    }

    private static String mark(String value) {
        return switch (value) {
            case "✓" -> ";color:#009E73;font-weight:700";
            case "✗" -> ";color:#D55E00;font-weight:700";
            default -> "";
        };
    }
}
