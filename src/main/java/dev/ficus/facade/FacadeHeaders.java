package dev.ficus.facade;

/** Names of the headers and exchange properties the façade routes share. */
public final class FacadeHeaders {

    /** Header a façade route sets before {@code direct:facade-call-legacy}: the legacy path, e.g. {@code /retailcore/products/11}. */
    public static final String LEGACY_PATH = "FicusLegacyPath";

    /** Exchange property holding the client's request path, used as a problem's {@code instance}. */
    public static final String REQUEST_PATH_PROPERTY = "FicusRequestPath";

    private FacadeHeaders() {
    }
}
