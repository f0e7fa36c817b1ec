package org.mnistlab.report;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.List;

/**
 * A Tablesaw table as aligned plain text for a terminal or a log: caption, header, a rule, then rows; numbers
 * right-aligned in each column's print format, text left-aligned, missing values blank.
 *
 * <p>Example: {@code System.out.println(TextTable.of(Tables.history(history)));}
 */
public final class TextTable {

    private static final String GAP = "  ";

    private TextTable() {
    }

    /** The table as lines of text, each ending in a newline. */
    public static String of(Table table) {
        List<Column<?>> columns = table.columns();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = width(columns.get(c).name());
            for (int r = 0; r < table.rowCount(); r++) {
                widths[c] = Math.max(widths[c], width(cell(columns.get(c), r)));
            }
        }
        StringBuilder b = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) b.append(table.name()).append('\n');
        for (int c = 0; c < columns.size(); c++) {
            pad(b, columns.get(c).name(), widths[c], isNumeric(columns.get(c)), c);
        }
        trimEnd(b).append('\n');
        int total = 0;
        for (int w : widths) total += w;
        b.append("-".repeat(total + GAP.length() * (widths.length - 1))).append('\n');
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                pad(b, cell(columns.get(c), r), widths[c], isNumeric(columns.get(c)), c);
            }
            trimEnd(b).append('\n');
        }
        return b.toString();
    }

    /** A cell as printed: the column's print format for numbers, empty for missing values. */
    static String cell(Column<?> column, int row) {
        return column.isMissing(row) ? "" : column.getString(row);
    }

    private static boolean isNumeric(Column<?> c) {
        return c instanceof NumericColumn<?>;
    }

    private static void pad(StringBuilder b, String s, int width, boolean right, int index) {
        if (index > 0) b.append(GAP);
        String fill = " ".repeat(width - width(s));
        b.append(right ? fill + s : s + fill);
    }

    /** Width in terminal columns: code points, so ✓ and → count as one. */
    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    private static StringBuilder trimEnd(StringBuilder b) {
        int n = b.length();
        while (n > 0 && b.charAt(n - 1) == ' ') n--;
        b.setLength(n);
        return b;
    }
}
