package dev.gameday.web;

import io.quarkus.qute.TemplateGlobal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The pages' own script and style (META-INF/resources/static) and uPlot's (its WebJar): where the
 * service serves them, and their text, for a report that carries everything in one file.
 */
public final class Assets {

    /** uPlot's directory as served, with the version of the WebJar on the class path. */
    public static final String UPLOT = "/webjars/uplot/" + webJarVersion("uplot") + "/dist/";
    @TemplateGlobal(name = "uplotJsPath")
    public static final String UPLOT_JS = UPLOT + "uPlot.iife.min.js";
    @TemplateGlobal(name = "uplotCssPath")
    public static final String UPLOT_CSS = UPLOT + "uPlot.min.css";
    @TemplateGlobal(name = "pageCssPath")
    public static final String PAGE_CSS = "/static/gameday.css";
    @TemplateGlobal(name = "runJsPath")
    public static final String RUN_JS = "/static/run.js";

    private Assets() {}

    /** The text of a served asset, by its path. */
    public static String text(String path) {
        try (InputStream in = resource("META-INF/resources" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the asset " + path, e);
        }
    }

    private static String webJarVersion(String name) {
        Properties pom = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of the WebJar " + name, e);
        }
        return pom.getProperty("version");
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException(path + " is not on the class path");
        }
        return in;
    }
}
