package org.mnistlab.report;

import java.awt.Color;
import java.util.List;

/**
 * The Okabe–Ito palette: eight colours that stay distinguishable for the common forms of colour blindness and on a
 * washed-out classroom projector. Series take them in {@link #SERIES} order.
 *
 * <p>Example: {@code series.setLineColor(Palette.BLUE)}
 */
public final class Palette {

    public static final Color BLACK = new Color(0, 0, 0);
    public static final Color ORANGE = new Color(230, 159, 0);
    public static final Color SKY_BLUE = new Color(86, 180, 233);
    public static final Color BLUISH_GREEN = new Color(0, 158, 115);
    public static final Color YELLOW = new Color(240, 228, 66);
    public static final Color BLUE = new Color(0, 114, 178);
    public static final Color VERMILLION = new Color(213, 94, 0);
    public static final Color REDDISH_PURPLE = new Color(204, 121, 167);

    /** Colours for data series, most contrasting first; yellow is left out because it vanishes on white. */
    public static final List<Color> SERIES = List.of(BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE,
            BLACK);

    /** Neutral grey for reference lines (targets) and grid lines. */
    public static final Color GREY = new Color(110, 110, 110);

    private Palette() {
    }

    /** The {@code i}-th series colour, cycling when there are more series than colours. */
    public static Color series(int i) {
        return SERIES.get(Math.floorMod(i, SERIES.size()));
    }
}
