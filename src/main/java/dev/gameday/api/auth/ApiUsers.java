package dev.gameday.api.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The API's users, read from a file of lines {@code name:role[,role]:pbkdf2-sha256$iterations$salt$hash}
 * (salt and hash base64). Passwords are never stored, only their PBKDF2 hashes; compose/certs.sh
 * writes the lab's file, {@code compose/hash-password.sh} makes a line for anyone else.
 */
public final class ApiUsers {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    private static final Set<String> ROLES = Set.of(VIEWER, OPERATOR);

    /** One user: its roles, and the hash its password must match. */
    record User(String name, Set<String> roles, int iterations, byte[] salt, byte[] hash) {}

    private static final long REMEMBER_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

    private final Map<String, User> users;
    private final Map<String, Long> verified = new java.util.concurrent.ConcurrentHashMap<>();

    private ApiUsers(Map<String, User> users) {
        this.users = users;
    }

    /** Reads the file; every line wrong is reported with its number, nothing is half-loaded. */
    public static ApiUsers load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("gameday.api.users-file: " + file + " cannot be read (GAMEDAY_API_USERS_FILE)");
        }
        Map<String, User> users = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                User user = parse(line);
                if (users.putIfAbsent(user.name(), user) != null) {
                    problems.add(file + ":" + (i + 1) + ": user " + user.name() + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " defines no user: nobody could use the API");
        }
        return new ApiUsers(Map.copyOf(users));
    }

    private static User parse(String line) {
        String[] parts = line.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected name:roles:pbkdf2-sha256$iterations$salt$hash");
        }
        Set<String> roles = Set.of(parts[1].split(","));
        if (!ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("roles " + roles + ": each must be one of " + ROLES);
        }
        String[] hash = parts[2].split("\\$");
        if (hash.length != 4 || !hash[0].equals("pbkdf2-sha256")) {
            throw new IllegalArgumentException("the password must be a pbkdf2-sha256$iterations$salt$hash, "
                    + "made by compose/hash-password.sh");
        }
        try {
            // an operator can do what a viewer can
            Set<String> granted = roles.contains(OPERATOR) ? Set.of(OPERATOR, VIEWER) : roles;
            return new User(parts[0], granted, Integer.parseInt(hash[1]), Base64.getDecoder().decode(hash[2]),
                    Base64.getDecoder().decode(hash[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the password hash is malformed: " + e.getMessage());
        }
    }

    /**
     * The user's roles when the password is right; empty otherwise (unknown user included). PBKDF2
     * is slow by design, so a verified pair is remembered, by a SHA-256 of it, for a few minutes:
     * a client polling a run does not pay it on every request.
     */
    public Optional<Set<String>> authenticate(String name, char[] password) {
        User user = users.get(name);
        if (user == null) {
            return Optional.empty();
        }
        String key = fingerprint(name, password);
        Long verifiedAt = verified.get(key);
        if (verifiedAt != null && System.nanoTime() - verifiedAt < REMEMBER_NANOS) {
            return Optional.of(user.roles());
        }
        byte[] candidate = pbkdf2(password, user.salt(), user.iterations(), user.hash().length * 8);
        if (!MessageDigest.isEqual(candidate, user.hash())) {
            return Optional.empty();
        }
        if (verified.size() > 1000) {
            verified.clear();
        }
        verified.put(key, System.nanoTime());
        return Optional.of(user.roles());
    }

    private static String fingerprint(String name, char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bits) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, bits)).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        }
    }
}
