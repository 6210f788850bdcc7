package dev.ficus.traffic;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Body of {@code PUT /admin/traffic/routes/{id}/compare}, JSON: the route's complete shadow comparison rules, the
 * same members as the view's {@code compare}. An absent member takes its default as in the routes file's
 * {@code compare:} block (no paths, tolerance 0, noise learning off): the body replaces the rules, it is not merged
 * with the file's. Unknown members are refused (a misspelt {@code ignorePath} must not silently mean "none").
 *
 * @param ignorePaths          values at these paths are never compared
 * @param numericTolerance     absolute difference under which two numbers (or numeric strings) are equal; ≥ 0
 * @param unorderedArrays      arrays at these paths compare as multisets
 * @param caseInsensitivePaths strings at these paths compare ignoring case
 * @param noiseLearning        {@code {"enabled": true, "samplePercent": 5}}, percent 0..100; absent: off
 * @param reason               why, kept in the audit trail; required
 * @param expectedVersion      the {@code compareOrigin.version} the caller read; when given and no longer current
 *                             the change is refused with 409 (someone changed the rules meanwhile)
 */
public record CompareRulesEdit(List<String> ignorePaths, Double numericTolerance, List<String> unorderedArrays,
                               List<String> caseInsensitivePaths, TrafficRoute.NoiseLearning noiseLearning,
                               String reason, Long expectedVersion) {

    /** Most paths per list. */
    static final int MAX_PATHS = 200;
    /** Longest path, characters. */
    static final int MAX_PATH_LENGTH = 500;
    /** Problem title of every refusal. */
    static final String TITLE = "Invalid compare rules";

    // one step after $: .name (any characters but . [ ] and controls; * matches any run of them) or [n] or [*]
    private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]\\p{Cntrl}]+)|\\[([0-9]+|\\*)]");

    /**
     * @return the rules, checked
     * @throws TrafficException 400 {@value #TITLE} naming the member, the index and what is wrong: no reason (or one
     *                          over {@value TrafficReasons#MAX_CHARS} characters), a negative expectedVersion, a path
     *                          that is not {@code $} followed by {@code .name}, {@code .*}, {@code [n]} or
     *                          {@code [*]} steps, a negative or non-finite tolerance, a sample outside 0..100
     */
    TrafficRoute.CompareRules rules() {
        if (reason == null || reason.isBlank()) {
            throw invalid("reason is required");
        }
        TrafficReasons.bounded(reason, TITLE);
        if (expectedVersion != null && expectedVersion < 0) {
            throw invalid("expectedVersion must be a version read from compareOrigin.version (≥ 0), not "
                    + expectedVersion);
        }
        checkPaths("ignorePaths", ignorePaths);
        checkPaths("unorderedArrays", unorderedArrays);
        checkPaths("caseInsensitivePaths", caseInsensitivePaths);
        if (numericTolerance != null && (numericTolerance < 0 || !Double.isFinite(numericTolerance))) {
            throw invalid("numericTolerance must be a finite number ≥ 0 (an absolute difference), not "
                    + numericTolerance);
        }
        TrafficRoute.NoiseLearning noise = noiseLearning == null ? new TrafficRoute.NoiseLearning(false, null)
                : noiseLearning;
        if (noise.samplePercent() < 0 || noise.samplePercent() > 100) {
            throw invalid("noiseLearning.samplePercent must be 0..100 (%), not " + noise.samplePercent());
        }
        return new TrafficRoute.CompareRules(strip(ignorePaths), numericTolerance, strip(unorderedArrays),
                strip(caseInsensitivePaths), noise);
    }

    /**
     * @param path a path pattern as the comparator reads it, e.g. {@code $.items[*].price.amount}
     * @return {@code null} when it is one, else what is wrong with it
     */
    static String pathProblem(String path) {
        if (path == null || path.isBlank()) {
            return "is empty";
        }
        String p = path.strip();
        if (p.length() > MAX_PATH_LENGTH) {
            return "is longer than " + MAX_PATH_LENGTH + " characters";
        }
        if (p.charAt(0) != '$') {
            return "must start with $ (the document), e.g. $.items[*].price";
        }
        Matcher step = STEP.matcher(p);
        int at = 1;
        while (at < p.length()) {
            if (!step.region(at, p.length()).lookingAt()) {
                return "has no valid step at character " + (at + 1) + " ('" + p.substring(at)
                        + "'): a step is .name, .* (any name), [n] or [*] (any index)";
            }
            at = step.end();
        }
        return null;
    }

    private static void checkPaths(String member, List<String> paths) {
        if (paths == null) {
            return;
        }
        if (paths.size() > MAX_PATHS) {
            throw invalid(member + " has " + paths.size() + " paths, at most " + MAX_PATHS);
        }
        for (int i = 0; i < paths.size(); i++) {
            String problem = pathProblem(paths.get(i));
            if (problem != null) {
                throw invalid(member + "[" + i + "] " + (paths.get(i) == null ? "null" : "'" + paths.get(i) + "'")
                        + " " + problem);
            }
        }
    }

    private static List<String> strip(List<String> paths) {
        return paths == null ? null : paths.stream().map(String::strip).distinct().toList();
    }

    private static TrafficException invalid(String detail) {
        return new TrafficException(400, TITLE, detail);
    }
}
