package dev.parley.desktop.chat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A readable name for a device from its User-Agent ("Chrome on Linux", "Parley desktop", "Unknown device"): the same
 * rules as the web client's {@code js/devices.js}. The name is made of known words only, never of the User-Agent's text.
 */
final class DeviceNames {

    /** What this client says it is (see {@code ApiClient}). */
    private static final Pattern DESKTOP = Pattern.compile("^Parley-Desktop/");
    // Order matters: Edge and Opera also say Chrome; Chrome also says Safari; Android also says Linux.
    private static final List<Map.Entry<Pattern, String>> BROWSERS = List.of(
            Map.entry(Pattern.compile("\\bEdg(?:e|A|iOS)?/"), "Edge"),
            Map.entry(Pattern.compile("\\b(?:OPR|Opera)/"), "Opera"),
            Map.entry(Pattern.compile("\\bSamsungBrowser/"), "Samsung Internet"),
            Map.entry(Pattern.compile("\\b(?:Firefox|FxiOS)/"), "Firefox"),
            Map.entry(Pattern.compile("\\b(?:HeadlessChrome|Chrome|Chromium|CriOS)/"), "Chrome"),
            Map.entry(Pattern.compile("\\bVersion/[\\d.]+.*\\bSafari/"), "Safari"));
    private static final List<Map.Entry<Pattern, String>> SYSTEMS = List.of(
            Map.entry(Pattern.compile("\\bWindows\\b"), "Windows"),
            Map.entry(Pattern.compile("\\b(?:iPhone|iPad|iPod)\\b"), "iOS"),
            Map.entry(Pattern.compile("\\bAndroid\\b"), "Android"),
            Map.entry(Pattern.compile("\\bCrOS\\b"), "ChromeOS"),
            Map.entry(Pattern.compile("\\bMac OS X\\b|\\bMacintosh\\b"), "macOS"),
            Map.entry(Pattern.compile("\\bLinux\\b|\\bX11\\b"), "Linux"));

    private DeviceNames() {
    }

    static String name(String userAgent) {
        String text = userAgent == null ? "" : userAgent;
        if (DESKTOP.matcher(text).find()) {
            return "Parley desktop";
        }
        String browser = find(BROWSERS, text);
        if (browser == null) {
            return "Unknown device";
        }
        String system = find(SYSTEMS, text);
        return system == null ? browser : browser + " on " + system;
    }

    private static String find(List<Map.Entry<Pattern, String>> table, String text) {
        return table.stream().filter(e -> e.getKey().matcher(text).find()).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }
}
