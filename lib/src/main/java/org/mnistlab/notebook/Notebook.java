package org.mnistlab.notebook;

/**
 * Short static calls for notebook cells, all going to {@link Display#auto()}.
 *
 * <p>Example: {@code import static org.mnistlab.notebook.Notebook.*;} then {@code show(Tables.history(h));}
 */
public final class Notebook {

    private Notebook() {
    }

    /** See {@link Display#show}. */
    public static void show(Object value) {
        Display.auto().show(value);
    }

    /** See {@link Display#showUpdatable}. */
    public static String showUpdatable(Object value) {
        return Display.auto().showUpdatable(value);
    }

    /** See {@link Display#update}. */
    public static void update(String displayId, Object value) {
        Display.auto().update(displayId, value);
    }

    /** See {@link Display#html}. */
    public static void html(String html) {
        Display.auto().html(html);
    }

    /** See {@link Display#markdown}. */
    public static void markdown(String markdown) {
        Display.auto().markdown(markdown);
    }

    /** See {@link Display#text}. */
    public static void text(String text) {
        Display.auto().text(text);
    }
}
