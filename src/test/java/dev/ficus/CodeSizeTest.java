package dev.ficus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the product's classes small enough to read: no source file in {@code src/main/java} over 300 lines, no
 * method or constructor over 60 lines (counted from its declaration line to its closing brace, by indentation: the
 * code base's style puts a member's closing brace at the member's own indentation).
 */
class CodeSizeTest {

    static final int MAX_CLASS_LINES = 300;
    static final int MAX_METHOD_LINES = 60;

    /** A method or constructor declaration that opens its body on the same line. */
    private static final Pattern METHOD = Pattern.compile(
            "^( {4}| {8}| {12})(?!return |new |else|if |for |while |switch |try|catch|do )"
                    + "[\\w<>\\[\\], .?@\"=()]*\\w+\\s*\\([^;]*\\)\\s*(throws [\\w., ]+)?\\{\\s*$");

    @Test
    void noClassOrMethodIsTooLong() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() > MAX_CLASS_LINES) {
                    tooLong.add(file + ": " + lines.size() + " lines");
                }
                tooLong.addAll(longMethods(file, lines));
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void theMethodCounterSeesALongMethod() {
        List<String> body = new ArrayList<>(List.of("class A {", "    void longOne(int a) {"));
        for (int i = 0; i < 70; i++) {
            body.add("        a++;");
        }
        body.add("    }");
        body.add("}");
        assertThat(longMethods(Path.of("A.java"), body)).singleElement().asString().contains("longOne");
        assertThat(longMethods(Path.of("A.java"), body.subList(0, 10))).isEmpty();
    }

    static List<String> longMethods(Path file, List<String> lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            var m = METHOD.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String close = m.group(1) + "}";
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals(close) && !lines.get(end).startsWith(close + " ")
                    && !lines.get(end).startsWith(close + ")")) {
                end++;
            }
            int length = end - i + 1;
            if (end < lines.size() && length > MAX_METHOD_LINES) {
                found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip() + " is " + length + " lines");
            }
        }
        return found;
    }
}
