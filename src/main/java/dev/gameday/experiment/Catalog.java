package dev.gameday.experiment;

import dev.gameday.GamedayException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every experiment and suite of the experiments directory, loaded at start-up and again whenever a
 * file changes (or on request). A bad file is reported with its errors and skipped: it never keeps
 * the others from loading, and never removes what a running run uses.
 */
@ApplicationScoped
public class Catalog {

    private final ExperimentsConfig config;
    private final DefinitionValidator validator;
    private final Event<Catalog.Loaded> loaded;
    private volatile Loaded current = new Loaded(Map.of(), Map.of(), List.of(), Instant.EPOCH, -1);

    public Catalog(ExperimentsConfig config, DefinitionValidator validator, Event<Loaded> loaded) {
        this.config = config;
        this.validator = validator;
        this.loaded = loaded;
    }

    /**
     * One load of the directory.
     *
     * @param fingerprint changes when any definition file changes; reload checks it
     */
    public record Loaded(Map<String, Experiment> experiments, Map<String, Suite> suites, List<DefinitionError> errors,
                         Instant at, long fingerprint) {}

    void onStart(@Observes @Priority(20) StartupEvent event) {
        reload();
    }

    /** Reloads when a file was added, changed or removed; cheap when nothing did. */
    @Scheduled(every = "${gameday.experiments.scan-interval:10s}", delayed = "${gameday.experiments.scan-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rescan() {
        if (fingerprint() != current.fingerprint()) {
            Log.infof("the experiments directory %s changed: reloading", config.dir().toAbsolutePath());
            reload();
        }
    }

    public synchronized Loaded reload() {
        Map<String, Experiment> experiments = new TreeMap<>();
        Map<String, Suite> suites = new TreeMap<>();
        List<DefinitionError> errors = new ArrayList<>();
        long fingerprint = fingerprint();
        load(config.dir(), Experiment.class, (file, parsed) -> validator.validate(file, parsed.value(), parsed.locator()),
                Experiment::name, experiments, errors);
        load(config.dir().resolve("suites"), Suite.class,
                (file, parsed) -> validator.validate(file, parsed.value(), parsed.locator(), experiments.keySet()),
                Suite::name, suites, errors);
        errors.forEach(e -> Log.errorf("%s (the file is skipped, the others load)", e));
        current = new Loaded(Collections.unmodifiableMap(experiments), Collections.unmodifiableMap(suites),
                List.copyOf(errors), Instant.now(), fingerprint);
        Log.infof("loaded %d experiment(s) and %d suite(s) from %s, %d error(s)", experiments.size(), suites.size(),
                config.dir().toAbsolutePath(), errors.size());
        loaded.fire(current);
        // observers that ask Docker or the cluster (the preflight's warnings) must not hold up loading
        loaded.fireAsync(current);
        return current;
    }

    /** Parses and validates every file of {@code dir}; the good ones go into {@code into}. */
    private <T> void load(Path dir, Class<T> type,
                          BiFunction<String, DefinitionParser.Parsed<T>, List<DefinitionError>> validate,
                          Function<T, String> nameOf, Map<String, T> into, List<DefinitionError> errors) {
        for (Path file : files(dir)) {
            String name = relative(file);
            var parsed = DefinitionParser.parse(name, read(file), type);
            List<DefinitionError> problems = parsed.ok() ? validate.apply(name, parsed) : parsed.errors();
            if (!problems.isEmpty()) {
                errors.addAll(problems);
            } else if (into.putIfAbsent(nameOf.apply(parsed.value()), parsed.value()) != null) {
                errors.add(new DefinitionError(name, 1, "another file already defines '" + nameOf.apply(parsed.value())
                        + "'; names must be unique"));
            }
        }
    }

    /** Parses and validates a definition that is not in the directory (the validate endpoint). */
    public DefinitionParser.Parsed<Experiment> check(String text) {
        var parsed = DefinitionParser.parse("request", text, Experiment.class);
        return parsed.ok() ? parsed.withErrors(validator.validate(parsed.file(), parsed.value(), parsed.locator())) : parsed;
    }

    public Loaded current() {
        return current;
    }

    public Experiment experiment(String name) {
        return Optional.ofNullable(current.experiments().get(name)).orElseThrow(() -> new GamedayException(
                GamedayException.Kind.NOT_FOUND, "no experiment '" + name + "' (known: "
                + String.join(", ", current.experiments().keySet()) + ")"));
    }

    public Suite suite(String name) {
        return Optional.ofNullable(current.suites().get(name)).orElseThrow(() -> new GamedayException(
                GamedayException.Kind.NOT_FOUND, "no suite '" + name + "' (known: "
                + String.join(", ", current.suites().keySet()) + ")"));
    }

    private List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f))
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private long fingerprint() {
        long hash = 17;
        for (Path dir : List.of(config.dir(), config.dir().resolve("suites"))) {
            for (Path file : files(dir)) {
                try {
                    hash = 31 * hash + file.hashCode();
                    hash = 31 * hash + Files.getLastModifiedTime(file).toMillis();
                    hash = 31 * hash + Files.size(file);
                } catch (IOException e) {
                    hash = 31 * hash;
                }
            }
        }
        return hash;
    }

    private String relative(Path file) {
        Path base = config.dir().toAbsolutePath().getParent();
        Path absolute = file.toAbsolutePath();
        return base != null && absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
