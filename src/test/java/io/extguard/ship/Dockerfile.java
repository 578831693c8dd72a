package io.extguard.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way the builder reads it: parser directives and comment lines dropped
 * (also inside continued lines), backslash continuations joined, one instruction per line, stages
 * split at FROM, and {@code ${ARG}} references resolved from the ARG defaults in scope.
 */
final class Dockerfile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    record Instruction(String keyword, String arguments, int line) {
    }

    record Stage(String image, String name, List<Instruction> instructions, Map<String, String> args) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** The exec form of ENTRYPOINT or CMD; the shell form is an error (signals would not reach extguard). */
        List<String> execForm(String keyword) {
            Instruction instruction = last(keyword).orElseThrow(() -> new IllegalStateException("No " + keyword));
            return Dockerfile.execForm(instruction);
        }

        /** ENV of this stage, later values winning. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)").matcher(i.arguments());
                while (m.find()) {
                    String v = m.group(2);
                    env.put(m.group(1), v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))
                            ? v.substring(1, v.length() - 1) : v);
                }
            }
            return env;
        }
    }

    final Path file;
    final Map<String, String> globalArgs;
    final List<Stage> stages;

    private Dockerfile(Path file, Map<String, String> globalArgs, List<Stage> stages) {
        this.file = file;
        this.globalArgs = globalArgs;
        this.stages = stages;
    }

    static Dockerfile parse(Path file) {
        List<Instruction> instructions = instructions(Repo.read(file));
        Map<String, String> global = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        String image = null;
        String name = null;
        List<Instruction> current = null;
        Map<String, String> args = null;
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                if (current != null) {
                    stages.add(new Stage(image, name, current, args));
                }
                String[] parts = i.arguments().trim().split("\\s+");
                List<String> words = new ArrayList<>(List.of(parts));
                words.removeIf(w -> w.startsWith("--"));
                image = resolve(words.get(0), global);
                name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                current = new ArrayList<>();
                args = new LinkedHashMap<>();
            } else if (current == null) {
                if (!i.keyword().equals("ARG")) {
                    throw new IllegalStateException(file + ":" + i.line() + ": only ARG may come before FROM");
                }
                putArg(i.arguments(), global, Map.of());
            } else {
                if (i.keyword().equals("ARG")) {
                    putArg(i.arguments(), args, global);
                }
                current.add(i);
            }
        }
        if (current != null) {
            stages.add(new Stage(image, name, current, args));
        }
        return new Dockerfile(file, global, stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** An ARG without a default takes the global one of the same name, as Docker does. */
    private static void putArg(String arguments, Map<String, String> into, Map<String, String> global) {
        String arg = arguments.trim();
        int eq = arg.indexOf('=');
        if (eq < 0) {
            into.put(arg, global.get(arg));
        } else {
            String value = arg.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            into.put(arg.substring(0, eq), value);
        }
    }

    static String resolve(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1) != null ? m.group(1) : m.group(2);
            String value = args.get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<String> execForm(Instruction instruction) {
        String args = instruction.arguments().trim();
        if (!args.startsWith("[")) {
            throw new IllegalStateException(instruction.keyword() + " on line " + instruction.line()
                    + " is in shell form; use the exec form [\"...\"] so signals reach the process");
        }
        try {
            return StrictYaml.JSON.readValue(args, new TypeReference<List<String>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException(instruction.keyword() + " on line " + instruction.line()
                    + " is not a JSON array of strings: " + e.getMessage(), e);
        }
    }

    static List<Instruction> instructions(String text) {
        List<Instruction> result = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder pending = null;
        int start = 0;
        boolean directives = true;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].stripTrailing();
            String trimmed = line.strip();
            if (pending == null && directives && trimmed.matches("#\\s*[a-zA-Z]+\\s*=.*")) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                directives = directives && pending == null && trimmed.isEmpty();
                continue;
            }
            directives = false;
            if (pending == null) {
                if (trimmed.isEmpty()) {
                    continue;
                }
                pending = new StringBuilder();
                start = n + 1;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String joined = pending.toString().strip();
            int space = joined.indexOf(' ');
            String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
            result.add(new Instruction(keyword, space < 0 ? "" : joined.substring(space + 1).strip(), start));
            pending = null;
        }
        if (pending != null) {
            throw new IllegalStateException("The Dockerfile ends inside a continued line (started on line " + start + ")");
        }
        return result;
    }
}
