package io.extguard.faults;

import io.extguard.testsupport.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Reads the Prometheus text exposition format the way a scraper does, escapes included. */
final class PromText {
    static final Optional<Path> PROMTOOL = Executables.onPath("promtool");

    private PromText() {
    }

    /** The label sets of every sample of {@code metric}, label values unescaped. */
    static List<Map<String, String>> series(String body, String metric) {
        List<Map<String, String>> result = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (line.startsWith(metric + "{")) {
                result.add(labels(line, metric.length() + 1));
            }
        }
        return result;
    }

    /** Parses {@code name="value",...}; only \\, \" and \n are escapes, as the format defines. */
    private static Map<String, String> labels(String line, int start) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = start;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String name = line.substring(i, eq);
            if (line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("Label value not quoted: " + line);
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(switch (next) {
                        case 'n' -> '\n';
                        case '\\' -> '\\';
                        case '"' -> '"';
                        default -> throw new IllegalArgumentException("Unknown escape \\" + next + " in: " + line);
                    });
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }

    static boolean promtoolAvailable() {
        return PROMTOOL.isPresent();
    }

    /**
     * promtool's verdict on the exposition: exit 1 and "error while linting" mean it cannot be
     * parsed; exit 3 is only style advice (names, units), which is not what these tests are about.
     */
    static String promtoolParseErrors(String body) {
        try {
            Process p = new ProcessBuilder(PROMTOOL.orElseThrow().toString(), "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "promtool did not finish";
            }
            boolean parsed = (p.exitValue() == 0 || p.exitValue() == 3) && !output.contains("error while linting");
            return parsed ? null : "exit " + p.exitValue() + ": " + output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
