package dev.parley.desktop;

import java.util.Comparator;
import java.util.List;
import javafx.geometry.Rectangle2D;

/**
 * Where the window opens: where it was left (as remembered in the settings), moved and shrunk as little as needed to
 * lie wholly on the screen it mostly overlaps; centred on the primary screen when it was never placed or no screen
 * shows any of it any more (a monitor unplugged). Pure: the screens' visible bounds are given.
 */
final class WindowPlacement {

    private WindowPlacement() {
    }

    /** {@code x} and {@code y} are NaN when the window was never placed. */
    static Rectangle2D fit(double x, double y, double width, double height, List<Rectangle2D> screens,
                           Rectangle2D primary) {
        Rectangle2D screen = Double.isNaN(x) || Double.isNaN(y) ? null : screens.stream()
                .filter(s -> overlap(s, x, y, width, height) > 0)
                .max(Comparator.comparingDouble(s -> overlap(s, x, y, width, height))).orElse(null);
        Rectangle2D on = screen == null ? primary : screen;
        double w = Math.min(width, on.getWidth());
        double h = Math.min(height, on.getHeight());
        if (screen == null) {
            return new Rectangle2D(on.getMinX() + (on.getWidth() - w) / 2, on.getMinY() + (on.getHeight() - h) / 2, w, h);
        }
        return new Rectangle2D(Math.clamp(x, on.getMinX(), on.getMaxX() - w), Math.clamp(y, on.getMinY(), on.getMaxY() - h),
                w, h);
    }

    private static double overlap(Rectangle2D screen, double x, double y, double width, double height) {
        double w = Math.min(screen.getMaxX(), x + width) - Math.max(screen.getMinX(), x);
        double h = Math.min(screen.getMaxY(), y + height) - Math.max(screen.getMinY(), y);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
