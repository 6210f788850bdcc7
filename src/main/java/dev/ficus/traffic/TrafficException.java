package dev.ficus.traffic;

/**
 * A refused traffic-control request; the admin API answers it as RFC 9457 {@code application/problem+json}
 * with {@link #status()} and {@link #title()}, the message as {@code detail}.
 */
public class TrafficException extends RuntimeException {

    private final int status;
    private final String title;

    /**
     * @param status HTTP status, 4xx
     * @param title  short summary, e.g. {@code Invalid transition}
     * @param detail what exactly is wrong
     */
    public TrafficException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the problem title */
    public String title() {
        return title;
    }

    static TrafficException unknownRoute(String routeId) {
        return new TrafficException(404, "Unknown route", "no traffic declaration for route '" + routeId
                + "' (declare it in the traffic routes file)");
    }
}
