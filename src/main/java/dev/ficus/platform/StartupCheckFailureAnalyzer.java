package dev.ficus.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a failed {@link StartupCheckException} as Spring Boot's short "APPLICATION FAILED TO START" block with
 * the check's one-line message, instead of a full stack trace (the cause stays in the debug log).
 */
public class StartupCheckFailureAnalyzer extends AbstractFailureAnalyzer<StartupCheckException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupCheckException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix the cause above; the line starting with "
                + "'ficus: cannot start:' repeats it.", null);
    }
}
