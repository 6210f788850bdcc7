package dev.ficus.playground.mimic;

/** A lookup that ends in one of RetailCore's error bodies; carries the HTTP status and the error CODE. */
final class LookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    private LookupException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** 404 {@code NOT_FOUND}. */
    static LookupException notFound(String message) {
        return new LookupException(404, "NOT_FOUND", message, null);
    }

    /** 400 {@code BAD_REQUEST}. */
    static LookupException badRequest(String message) {
        return new LookupException(400, "BAD_REQUEST", message, null);
    }

    /** 500 {@code DATABASE_ERROR}. */
    static LookupException database(String message, Throwable cause) {
        return new LookupException(500, "DATABASE_ERROR", message, cause);
    }

    LegacyResponse toResponse() {
        return LegacyResponse.error(status, code, getMessage());
    }
}
