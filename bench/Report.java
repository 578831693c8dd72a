import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Reads target/bench/results.csv and prints the medians, the ratios, the scaling and the
 * concurrency sweep; writes them as Markdown (summary.md) and draws scaling.png (Java2D, headless,
 * so the benchmark needs nothing a JDK lacks).
 *
 *   java -Djava.awt.headless=true -cp classes Report results.csv machine.txt N CONCURRENCY OUTDIR
 */
public final class Report {
    record Row(int n, String command, int concurrency, int run, double wall, long rssKb, int exit, double cpu, String phase) {
    }

    record Stat(int runs, double wall, double min, double max, double rssMib, double cpu) {
    }

    static final String CHECK = "extguard-check";
    static final String PREFLIGHT = "extguard-preflight";
    static final String CHECK_FLOOR = "check-floor";
    static final String UPDATE_FLOOR = "update-floor";
    static final String LOOP = "psql-loop";
    static final String START = "extguard-start";
    static final String FLOOR_START = "floor-start";
    static final String JAR_CHECK = "jar-check";
    // The goals of issue 10: check within 1.3x of its floor (2x on one database, where the JVM's
    // start is nearly all of it), preflight within 1.1x of the update floor.
    static final double GOAL = 1.3;
    static final double GOAL_ONE_DATABASE = 2.0;
    static final double GOAL_PREFLIGHT = 1.1;

    static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put(CHECK, "extguard check");
        LABELS.put(CHECK_FLOOR, "check floor (JDBC)");
        LABELS.put(JAR_CHECK, "extguard check, plain java -jar");
        LABELS.put(PREFLIGHT, "extguard preflight");
        LABELS.put(UPDATE_FLOOR, "update floor (JDBC)");
        LABELS.put(LOOP, "psql loop (baseline, sequential)");
        LABELS.put(START, "extguard check, no database (fixed cost)");
        LABELS.put(FLOOR_START, "JDBC floor, no database (fixed cost)");
    }

    public static void main(String[] args) throws IOException {
        List<Row> rows = read(Path.of(args[0]));
        List<String> machine = Files.readAllLines(Path.of(args[1]));
        int mainN = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);

        StringBuilder md = new StringBuilder();
        report(rows, machine, mainN, concurrency, md);
        System.out.print(md);
        Files.writeString(out.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
        chart(rows, concurrency, machine, out.resolve("scaling.png"));
        System.out.println();
        System.out.println("Wrote " + out.resolve("results.csv") + ", " + out.resolve("summary.md") + ", "
                + out.resolve("scaling.png"));
    }

    static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("databases,") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            rows.add(new Row(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Double.parseDouble(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]),
                    Double.parseDouble(f[7]) + Double.parseDouble(f[8]), f[10]));
        }
        return rows;
    }

    static Stat stat(List<Row> rows, int n, String command, int concurrency) {
        return stat(rows, n, command, concurrency, "main");
    }

    static Stat stat(List<Row> rows, int n, String command, int concurrency, String phase) {
        List<Double> walls = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (Row r : rows) {
            if (r.n() == n && r.command().equals(command) && r.phase().equals(phase)
                    && (r.concurrency() == concurrency || command.equals(LOOP))) {
                walls.add(r.wall());
                rss.add(r.rssKb() / 1024.0);
                cpu.add(r.cpu());
            }
        }
        if (walls.isEmpty()) {
            return null;
        }
        return new Stat(walls.size(), median(walls), walls.stream().mapToDouble(d -> d).min().orElseThrow(),
                walls.stream().mapToDouble(d -> d).max().orElseThrow(), median(rss), median(cpu));
    }

    static double median(Collection<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int m = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2;
    }

    static void report(List<Row> rows, List<String> machine, int n, int c, StringBuilder md) {
        md.append("## extguard benchmark, N = ").append(n).append(" tenant databases, concurrency ").append(c)
                .append("\n\n");
        md.append("Machine: ").append(String.join("; ", machine)).append("\n\n");
        md.append("Medians of whole processes (JVM start included), with the range over the runs. Peak RSS and client CPU\n"
                + "(user + system time of the measured process and its children, not the server's) from GNU time.\n\n");
        md.append("| command | runs | wall time (s) | min-max (s) | per database (ms) | peak RSS (MiB) | client CPU (s) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String command : LABELS.keySet()) {
            Stat s = stat(rows, n, command, c);
            if (s == null) {
                continue;
            }
            String perDb = command.equals(START) || command.equals(FLOOR_START) ? "" : fmt(s.wall() * 1000 / n, 1);
            md.append("| ").append(LABELS.get(command))
                    .append(" | ").append(s.runs()).append(" | ").append(fmt(s.wall(), 2)).append(" | ")
                    .append(fmt(s.min(), 2)).append("-").append(fmt(s.max(), 2)).append(" | ").append(perDb)
                    .append(" | ").append(fmt(s.rssMib(), 0)).append(" | ").append(fmt(s.cpu(), 2)).append(" |\n");
        }
        md.append("\n");

        Stat check = stat(rows, n, CHECK, c);
        Stat checkFloor = stat(rows, n, CHECK_FLOOR, c);
        Stat preflight = stat(rows, n, PREFLIGHT, c);
        Stat updateFloor = stat(rows, n, UPDATE_FLOOR, c);
        Stat loop = stat(rows, n, LOOP, 1);
        Stat start = stat(rows, n, START, c);
        md.append("| ratio | wall time | client CPU | goal (wall time) |\n| --- | ---: | ---: | --- |\n");
        ratio(md, "extguard check / check floor", check, checkFloor, n <= 1 ? GOAL_ONE_DATABASE : GOAL);
        ratio(md, "extguard preflight / update floor", preflight, updateFloor, GOAL_PREFLIGHT);
        ratio(md, "psql loop / extguard preflight", loop, preflight, 0);
        ratio(md, "plain java -jar check / bin/extguard check", stat(rows, n, JAR_CHECK, c), check, 0);
        md.append("\n");
        if (check != null && preflight != null) {
            md.append("extguard JVM peak RSS: check ").append(fmt(check.rssMib(), 0)).append(" MiB, preflight ")
                    .append(fmt(preflight.rssMib(), 0)).append(" MiB");
            if (checkFloor != null) {
                md.append(" (the JDBC floor: ").append(fmt(checkFloor.rssMib(), 0)).append(" MiB)");
            }
            md.append(".\n");
        }
        Stat floorStart = stat(rows, n, FLOOR_START, c);
        if (start != null && floorStart != null && check != null && checkFloor != null) {
            md.append("\nWhere the time goes (fixed cost = start the JVM, connect, list the databases, visit none):\n\n");
            md.append("| | fixed cost (s) | per database, check (ms) | per database, update (ms) |\n");
            md.append("| --- | ---: | ---: | ---: |\n");
            md.append("| extguard | ").append(fmt(start.wall(), 2)).append(" | ")
                    .append(fmt((check.wall() - start.wall()) * 1000 / n, 2)).append(" | ")
                    .append(preflight == null ? "" : fmt((preflight.wall() - start.wall()) * 1000 / n, 2)).append(" |\n");
            md.append("| JDBC floor | ").append(fmt(floorStart.wall(), 2)).append(" | ")
                    .append(fmt((checkFloor.wall() - floorStart.wall()) * 1000 / n, 2)).append(" | ")
                    .append(updateFloor == null ? "" : fmt((updateFloor.wall() - floorStart.wall()) * 1000 / n, 2))
                    .append(" |\n\n");
            md.append("The fixed-cost gap alone is ").append(fmt(start.wall() - floorStart.wall(), 2))
                    .append(" s; at this N the goals (1.3x, 1.1x) leave room for ")
                    .append(fmt((GOAL - 1) * checkFloor.wall(), 2)).append(" s (check) and ")
                    .append(updateFloor == null ? "?" : fmt((GOAL_PREFLIGHT - 1) * updateFloor.wall(), 2)).append(" s (preflight).\n");
        }
        md.append("\n");

        TreeSet<Integer> ns = new TreeSet<>();
        rows.stream().filter(r -> r.phase().equals("main")).forEach(r -> ns.add(r.n()));
        if (ns.size() > 1) {
            md.append("### Scaling (concurrency ").append(c).append("; psql loop sequential)\n\n");
            md.append("| command |");
            ns.forEach(x -> md.append(" N=").append(x).append(" time (s) |"));
            ns.forEach(x -> md.append(" N=").append(x).append(" RSS (MiB) |"));
            md.append("\n| --- |");
            for (int i = 0; i < ns.size() * 2; i++) {
                md.append(" ---: |");
            }
            md.append("\n");
            for (String command : LABELS.keySet()) {
                StringBuilder t = new StringBuilder();
                StringBuilder m = new StringBuilder();
                boolean any = false;
                for (int x : ns) {
                    Stat s = stat(rows, x, command, c);
                    any |= s != null;
                    t.append(" ").append(s == null ? "" : fmt(s.wall(), 2) + (s.runs() < 3 ? " (" + s.runs() + " runs)" : "")).append(" |");
                    m.append(" ").append(s == null ? "" : fmt(s.rssMib(), 0)).append(" |");
                }
                if (any) {
                    md.append("| ").append(LABELS.get(command)).append(" |").append(t).append(m).append("\n");
                }
            }
            md.append("\nGrowth between consecutive N (time factor, RSS factor; the N factor is ");
            List<Integer> list = new ArrayList<>(ns);
            for (int i = 1; i < list.size(); i++) {
                md.append(i > 1 ? ", " : "").append(list.get(i - 1)).append("->").append(list.get(i)).append(": x")
                        .append(fmt((double) list.get(i) / list.get(i - 1), 1));
            }
            md.append("):\n\n");
            for (String command : List.of(CHECK, PREFLIGHT, LOOP, CHECK_FLOOR, UPDATE_FLOOR)) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i < list.size(); i++) {
                    Stat a = stat(rows, list.get(i - 1), command, c);
                    Stat b = stat(rows, list.get(i), command, c);
                    if (a != null && b != null) {
                        line.append(line.isEmpty() ? "" : "; ").append(list.get(i - 1)).append("->").append(list.get(i))
                                .append(": time x").append(fmt(b.wall() / a.wall(), 2)).append(", RSS x")
                                .append(fmt(b.rssMib() / a.rssMib(), 2));
                    }
                }
                if (!line.isEmpty()) {
                    md.append("- ").append(LABELS.get(command)).append(": ").append(line).append("\n");
                }
            }
            md.append("\n");
        }

        TreeSet<Integer> levels = new TreeSet<>();
        rows.stream().filter(r -> r.n() == n && r.phase().equals("sweep")).forEach(r -> levels.add(r.concurrency()));
        if (!levels.isEmpty()) {
            md.append("### Concurrency sweep, N = ").append(n).append("\n\n");
            md.append("| concurrency | check (s) | check floor (s) | check / floor | preflight (s) | update floor (s)"
                    + " | preflight / floor | preflight client CPU (s) | preflight RSS (MiB) |\n");
            md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (int level : levels) {
                Stat ch = stat(rows, n, CHECK, level, "sweep");
                Stat cf = stat(rows, n, CHECK_FLOOR, level, "sweep");
                Stat pf = stat(rows, n, PREFLIGHT, level, "sweep");
                Stat uf = stat(rows, n, UPDATE_FLOOR, level, "sweep");
                md.append("| ").append(level).append(" | ").append(wall(ch)).append(" | ").append(wall(cf)).append(" | ")
                        .append(ch == null || cf == null ? "" : fmt(ch.wall() / cf.wall(), 2)).append(" | ")
                        .append(wall(pf)).append(" | ").append(wall(uf)).append(" | ")
                        .append(pf == null || uf == null ? "" : fmt(pf.wall() / uf.wall(), 2)).append(" | ")
                        .append(pf == null ? "" : fmt(pf.cpu(), 2)).append(" | ")
                        .append(pf == null ? "" : fmt(pf.rssMib(), 0)).append(" |\n");
            }
            md.append("\n(the sweep's own rounds: the levels alternate within each round, fresh drift before every update)\n");
        }
    }

    static String wall(Stat s) {
        return s == null ? "" : fmt(s.wall(), 2);
    }

    /** A goal of 0 means none. */
    static void ratio(StringBuilder md, String name, Stat a, Stat b, double goal) {
        if (a == null || b == null) {
            return;
        }
        double r = a.wall() / b.wall();
        md.append("| ").append(name).append(" | ").append(fmt(r, 2)).append(" | ").append(fmt(a.cpu() / b.cpu(), 2)).append(" | ")
                .append(goal > 0 ? "<= " + fmt(goal, 1) + (r <= goal ? ": met" : ": missed") : "").append(" |\n");
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    // ------------------------------------------------------------------ chart

    record Series(String command, Color color, boolean dashed) {
    }

    static final List<Series> SERIES = List.of(
            new Series(CHECK, new Color(0x1f77b4), false),
            new Series(PREFLIGHT, new Color(0xd62728), false),
            new Series(LOOP, new Color(0x2ca02c), false),
            new Series(CHECK_FLOOR, new Color(0x6baed6), true),
            new Series(UPDATE_FLOOR, new Color(0xfc9272), true));

    static void chart(List<Row> rows, int c, List<String> machine, Path png) throws IOException {
        int width = 1400;
        int height = 660;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("extguard vs. a psql loop and the JDBC floors, against the number of databases N", 40, 34);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        String cpu = value(machine, "cpu");
        String sub = "concurrency " + c + " (psql loop: sequential); " + value(machine, "cores") + " cores " + cpu + ", "
                + value(machine, "memory") + "; PostgreSQL " + value(machine, "postgresql") + "; "
                + value(machine, "java") + "; extguard " + value(machine, "extguard") + "; " + value(machine, "date");
        g.drawString(sub, 40, 58);

        TreeSet<Integer> ns = new TreeSet<>();
        rows.stream().filter(r -> r.phase().equals("main")).forEach(r -> ns.add(r.n()));
        Map<String, TreeMap<Integer, Stat>> data = new LinkedHashMap<>();
        for (Series s : SERIES) {
            TreeMap<Integer, Stat> points = new TreeMap<>();
            for (int n : ns) {
                Stat st = stat(rows, n, s.command(), s.command().equals(LOOP) ? 1 : c);
                if (st != null) {
                    points.put(n, st);
                }
            }
            data.put(s.command(), points);
        }
        int top = 90;
        int panelHeight = 450;
        panel(g, data, ns, 90, top, 560, panelHeight, "Wall time (s), whole process: median, bar = min-max", true);
        panel(g, data, ns, 790, top, 560, panelHeight, "Peak RSS (MiB), whole process", false);

        // legend, under the panels
        int lx = 90;
        int ly = top + panelHeight + 85;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        for (Series s : SERIES) {
            if (data.get(s.command()).isEmpty()) {
                continue;
            }
            g.setColor(s.color());
            g.setStroke(stroke(s.dashed()));
            g.drawLine(lx, ly - 5, lx + 40, ly - 5);
            g.fillOval(lx + 16, ly - 9, 8, 8);
            g.setColor(Color.BLACK);
            String label = LABELS.get(s.command());
            g.drawString(label, lx + 48, ly);
            lx += 48 + g.getFontMetrics().stringWidth(label) + 40;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    static void panel(Graphics2D g, Map<String, TreeMap<Integer, Stat>> data, TreeSet<Integer> ns, int x0, int y0,
                      int w, int h, String title, boolean time) {
        double maxY = 0;
        for (TreeMap<Integer, Stat> points : data.values()) {
            for (Stat s : points.values()) {
                maxY = Math.max(maxY, time ? s.wall() : s.rssMib());
            }
        }
        if (time) {
            for (TreeMap<Integer, Stat> points : data.values()) {
                for (Stat s : points.values()) {
                    maxY = Math.max(maxY, s.max());
                }
            }
        }
        double yStep = niceCeil((maxY <= 0 ? 1 : maxY * 1.05) / 6);
        maxY = Math.ceil((maxY <= 0 ? 1 : maxY * 1.05) / yStep) * yStep;
        int maxN = ns.isEmpty() ? 1 : ns.last();
        double maxX = niceCeil(maxN);
        int bottom = y0 + h;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, x0, y0 - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i * yStep <= maxY + 1e-9; i++) {
            double v = yStep * i;
            int y = bottom - (int) Math.round(v / maxY * h);
            g.setColor(new Color(0xe6e6e6));
            g.setStroke(new BasicStroke(1));
            g.drawLine(x0, y, x0 + w, y);
            g.setColor(Color.BLACK);
            String label = v == Math.rint(v) ? fmt(v, 0) : fmt(v, 1);
            g.drawString(label, x0 - 8 - fm.stringWidth(label), y + 5);
        }
        for (int n : ticks(maxX)) {
            int x = x0 + (int) Math.round(n / maxX * w);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, y0, x, bottom);
            g.setColor(Color.BLACK);
            String label = Integer.toString(n);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 18);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(x0, bottom, x0 + w, bottom);
        g.drawLine(x0, y0, x0, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        String xLabel = "databases N";
        g.drawString(xLabel, x0 + w / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, bottom + 42);
        String yLabel = time ? "seconds" : "MiB";
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(y0 + h / 2) - r.getFontMetrics().stringWidth(yLabel) / 2, x0 - 52);
        r.dispose();

        for (Series s : SERIES) {
            TreeMap<Integer, Stat> points = data.get(s.command());
            int px = -1;
            int py = -1;
            for (Map.Entry<Integer, Stat> e : points.entrySet()) {
                double v = time ? e.getValue().wall() : e.getValue().rssMib();
                int x = x0 + (int) Math.round(e.getKey() / maxX * w);
                int y = bottom - (int) Math.round(v / maxY * h);
                g.setColor(s.color());
                if (time && e.getValue().runs() > 1) {
                    // the range of the runs: on a shared machine it says how far to trust the median
                    int lo = bottom - (int) Math.round(e.getValue().min() / maxY * h);
                    int hi = bottom - (int) Math.round(e.getValue().max() / maxY * h);
                    int dx = s.dashed() ? 3 : -3;
                    g.setStroke(new BasicStroke(1.2f));
                    g.drawLine(x + dx, lo, x + dx, hi);
                    g.drawLine(x + dx - 4, lo, x + dx + 4, lo);
                    g.drawLine(x + dx - 4, hi, x + dx + 4, hi);
                }
                g.setStroke(stroke(s.dashed()));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 4, y - 4, 8, 8);
                px = x;
                py = y;
            }
        }
    }

    static Stroke stroke(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                : new BasicStroke(2.5f);
    }

    static List<Integer> ticks(double maxX) {
        double step = niceCeil(maxX / 5);
        List<Integer> t = new ArrayList<>();
        for (double v = 0; v <= maxX + 1e-9; v += step) {
            t.add((int) Math.round(v));
        }
        return t;
    }

    /** The next 1, 2, 2.5 or 5 times a power of ten. */
    static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v - 1e-9) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String value(List<String> machine, String key) {
        for (String line : machine) {
            if (line.startsWith(key + ": ")) {
                return line.substring(key.length() + 2);
            }
        }
        return "?";
    }
}
