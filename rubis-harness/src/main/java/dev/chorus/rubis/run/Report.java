package dev.chorus.rubis.run;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark's reports: a text summary comparing the runs (the first run is the baseline the others are compared
 * with), and an HTML page with charts drawn by XChart: throughput per second over the run, side by side like the
 * VM-FIT paper's throughput figures, and latency percentiles per interaction.
 */
public final class Report {
    private Report() {
    }

    /** The text summary: per run, per interaction, then the comparison with the first run. */
    public static String text(RunConfig config, List<RunResult> runs) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RUBiS %s mix, scale %s, %d emulated clients, think time x%s, up-ramp %ds / steady %ds /"
                        + " down-ramp %ds, seed %d%n%n", config.mix(), config.scale(), config.clients(), trim(config.thinkScale()),
                config.upRamp().toSeconds(), config.steady().toSeconds(), config.downRamp().toSeconds(), config.seed()));
        for (RunResult r : runs) {
            b.append("== ").append(r.label()).append("  (").append(r.jdbcUrl()).append(")\n");
            b.append(String.format(Locale.ROOT, "data loaded in %.1f s; after the run %d rows, %.1f MB of data%s%n",
                    r.loadTime().toMillis() / 1000.0, r.rows(), r.dataBytes() / 1e6,
                    r.logBytes() > 0 ? String.format(Locale.ROOT, ", write-set log %.1f MB", r.logBytes() / 1e6) : ""));
            StringBuilder tables = new StringBuilder();
            r.tables().forEach((name, t) -> tables.append(tables.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %d (%.2f MB)", name, t.rows(), t.bytes() / 1e6)));
            b.append("rows per table: ").append(tables).append('\n');
            for (RunResult.Event e : r.events()) {
                b.append(e.second() < 0 ? "after the run: " + e.what() + "\n"
                        : String.format(Locale.ROOT, "at %.0f s: %s%n", e.second(), e.what()));
            }
            b.append(String.format(Locale.ROOT, "%-26s %8s %6s %9s %9s %9s %9s %9s%n", "interaction (steady phase)", "count", "errors",
                    "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms"));
            for (RunResult.Interaction i : r.interactions()) {
                if (i.count() + i.errors() > 0) {
                    b.append(row(i));
                }
            }
            b.append(row(r.overall()));
            b.append(String.format(Locale.ROOT, "throughput %.2f requests/s over %.0f s of steady phase; %d errors; %d sessions completed%n%n",
                    r.throughput(), r.steadySeconds(), r.errors(), r.sessions()));
        }
        if (runs.size() > 1) {
            RunResult base = runs.get(0);
            b.append("== comparison with ").append(base.label()).append('\n');
            b.append(String.format(Locale.ROOT, "%-34s %12s %10s %10s %10s %10s %10s %10s%n", "run", "requests/s", "ratio", "p95 ms",
                    "ratio", "errors", "data MB", "log MB"));
            for (RunResult r : runs) {
                b.append(String.format(Locale.ROOT, "%-34s %12.2f %10.3f %10.1f %10.2f %10d %10.1f %10.1f%n", r.label(), r.throughput(),
                        ratio(r.throughput(), base.throughput()), r.overall().p95(), ratio(r.overall().p95(), base.overall().p95()),
                        r.errors(), r.dataBytes() / 1e6, r.logBytes() / 1e6));
            }
        }
        return b.toString();
    }

    private static String row(RunResult.Interaction i) {
        return String.format(Locale.ROOT, "%-26s %8d %6d %9.1f %9.1f %9.1f %9.1f %9.1f%n", i.name(), i.count(), i.errors(), i.mean(), i.p50(),
                i.p95(), i.p99(), i.max());
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * Writes {@code report.html}, {@code throughput.png}, {@code latency.png} and {@code summary.txt} into
     * {@code dir}.
     *
     * @return the HTML page
     */
    public static Path html(RunConfig config, List<RunResult> runs, Path dir) throws IOException {
        Files.createDirectories(dir);
        BitmapEncoder.saveBitmap(throughputChart(runs), dir.resolve("throughput").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(latencyChart(runs), dir.resolve("latency").toString(), BitmapEncoder.BitmapFormat.PNG);
        String summary = text(config, runs);
        Files.writeString(dir.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>RUBiS: ").append(esc(labels(runs)))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th:first-child,td:first-child{text-align:left}"
                        + "pre{background:#f6f6f6;padding:1em}</style></head><body>\n");
        h.append("<h1>RUBiS ").append(esc(config.mix())).append(" mix, scale ").append(esc(config.scale())).append("</h1>\n");
        h.append("<p>").append(config.clients()).append(" emulated clients, think time x").append(trim(config.thinkScale()))
                .append(", steady phase ").append(config.steady().toSeconds()).append(" s, seed ").append(config.seed()).append(".</p>\n");
        h.append("<h2>Comparison</h2>\n<table><tr><th>run</th><th>requests/s</th><th>ratio</th><th>p95 ms</th><th>ratio</th><th>errors</th>"
                + "<th>rows after</th><th>data MB</th><th>write-set log MB</th></tr>\n");
        RunResult base = runs.get(0);
        for (RunResult r : runs) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.2f</td><td>%.3f</td><td>%.1f</td><td>%.2f</td><td>%d</td>"
                            + "<td>%d</td><td>%.1f</td><td>%.1f</td></tr>%n", esc(r.label()), r.throughput(), ratio(r.throughput(),
                            base.throughput()), r.overall().p95(), ratio(r.overall().p95(), base.overall().p95()), r.errors(),
                    r.rows(), r.dataBytes() / 1e6, r.logBytes() / 1e6));
        }
        h.append("</table>\n<h2>Throughput over time</h2>\n<img src=\"throughput.png\" alt=\"requests per second over the run\">\n");
        h.append("<h2>Latency per interaction (steady phase)</h2>\n<img src=\"latency.png\" alt=\"95th percentile latency per interaction\">\n");
        for (RunResult r : runs) {
            h.append("<h3>").append(esc(r.label())).append("</h3>\n<table><tr><th>interaction</th><th>count</th><th>errors</th>"
                    + "<th>mean ms</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>\n");
            List<RunResult.Interaction> rows = new ArrayList<>(r.interactions());
            rows.add(r.overall());
            for (RunResult.Interaction i : rows) {
                if (i.count() + i.errors() > 0) {
                    h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
                                    + "<td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>%n", esc(i.name()), i.count(), i.errors(), i.mean(), i.p50(),
                            i.p90(), i.p95(), i.p99(), i.max()));
                }
            }
            h.append("</table>\n");
        }
        h.append("<h2>Summary</h2>\n<pre>").append(esc(summary)).append("</pre>\n</body></html>\n");
        Path page = dir.resolve("report.html");
        Files.writeString(page, h.toString(), StandardCharsets.UTF_8);
        return page;
    }

    private static String labels(List<RunResult> runs) {
        return String.join(" vs ", runs.stream().map(RunResult::label).toList());
    }

    static XYChart throughputChart(List<RunResult> runs) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title("Throughput over the run")
                .xAxisTitle("second of the run").yAxisTitle("requests completed per second").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        for (RunResult r : runs) {
            double[] x = new double[r.perSecond().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            if (x.length > 0) {
                XYSeries s = chart.addSeries(r.label(), x, r.perSecond());
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        return chart;
    }

    static CategoryChart latencyChart(List<RunResult> runs) {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(480).title("95th percentile latency per interaction")
                .xAxisTitle("interaction").yAxisTitle("ms").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(60);
        List<String> names = new ArrayList<>();
        for (RunResult.Interaction i : runs.get(0).interactions()) {
            if (i.count() > 0) {
                names.add(i.name());
            }
        }
        if (names.isEmpty()) {
            names.add("all");
        }
        for (RunResult r : runs) {
            Map<String, Double> p95 = new TreeMap<>();
            r.interactions().forEach(i -> p95.put(i.name(), i.p95()));
            p95.put("all", r.overall().p95());
            List<Double> ys = names.stream().map(n -> p95.getOrDefault(n, 0.0)).toList();
            chart.addSeries(r.label(), names, ys);
        }
        return chart;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
