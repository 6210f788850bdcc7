package dev.ficus.playground.mimic;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WireMock extension that makes the RetailCore stubs answer from the Northwind database.
 *
 * <p>A stub mapping under {@code adapters/retailcore/mimic/mappings/} applies it by name
 * ({@code "transformers": ["retailcore-db"]}) and picks the endpoint with the transformer parameter
 * {@code operation}: {@code product}, {@code productList}, {@code stock}, {@code customer}, {@code order},
 * {@code customerOrders}, {@code createOrder} or {@code postSale}. The stub decides routing and the {@code Content-Type} header;
 * this transformer sets the status and the body:
 * <ul>
 *   <li>lookups: 200 with the XML document, or 400/404/500 with {@code <ERROR><CODE/><MESSAGE/></ERROR>};</li>
 *   <li>{@code createOrder}: 200 with a SOAP 1.1 {@code CreateOrderResponse}, or 500 with a SOAP 1.1 Fault;</li>
 *   <li>{@code postSale}: 200 with a SOAP 1.1 {@code PostSaleResponse}, or 500 with a SOAP 1.1 Fault (the sale is
 *       recorded in the mimic's own schema {@code retailcore_mimic}, see {@link PosPosting}).</li>
 * </ul>
 * The id of a path such as {@code /retailcore/products/11} or {@code /retailcore/customers/ALFKI/orders} is its
 * third segment, percent-decoded. It never throws: an unexpected failure becomes a 500 error body.
 */
public final class RetailCoreResponseTransformer implements ResponseDefinitionTransformerV2 {

    /** The name stub mappings use in {@code "transformers"}. */
    public static final String NAME = "retailcore-db";

    private static final Logger log = LoggerFactory.getLogger(RetailCoreResponseTransformer.class);
    private static final List<String> LIST_PARAMS = List.of("category", "discontinued", "name", "start", "count");

    private final RetailCoreLookups lookups;
    private final OrderEntry orderEntry;
    private final PosPosting posPosting;

    /**
     * @param dataSource   the Northwind (RetailCore) database; read for lookups, written by {@code createOrder}
     *                     and (schema {@code retailcore_mimic}) by {@code postSale}
     * @param currencyCode ISO 4217 code written in every {@code CURRENCY_CODE} element, e.g. {@code USD}
     */
    public RetailCoreResponseTransformer(DataSource dataSource, String currencyCode) {
        this.lookups = new RetailCoreLookups(dataSource, currencyCode);
        this.orderEntry = new OrderEntry(dataSource);
        this.posPosting = new PosPosting(dataSource);
    }

    /** @return {@value #NAME} */
    @Override
    public String getName() {
        return NAME;
    }

    /** @return {@code false}: only stubs that name this transformer are answered from the database */
    @Override
    public boolean applyGlobally() {
        return false;
    }

    /**
     * Answers one matched request.
     *
     * @param serveEvent the request and the matched stub's response definition (its {@code operation} parameter)
     * @return the stub's response definition with status and body replaced
     */
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinition stub = serveEvent.getResponseDefinition();
        Request request = serveEvent.getRequest();
        Parameters parameters = stub.getTransformerParameters();
        String operation = parameters == null ? null : parameters.getString("operation", null);
        LegacyResponse answer = answer(operation, request);
        return ResponseDefinitionBuilder.like(stub).but()
                .withStatus(answer.status())
                .withBody(answer.body())
                .build();
    }

    private LegacyResponse answer(String operation, Request request) {
        if ("createOrder".equals(operation)) {
            return orderEntry.handle(request.getHeader("SOAPAction"), request.getBody());
        }
        if ("postSale".equals(operation)) {
            return posPosting.handle(request.getHeader("SOAPAction"), request.getBody());
        }
        try {
            return LegacyResponse.ok(lookup(operation, request));
        } catch (LookupException e) {
            if (e.getCause() != null) {
                log.warn("RetailCore mimic {} {} failed: {}", request.getMethod(), request.getUrl(), e.getMessage());
            }
            return e.toResponse();
        } catch (RuntimeException e) {
            log.error("RetailCore mimic {} {} failed", request.getMethod(), request.getUrl(), e);
            return LegacyResponse.error(500, "DATABASE_ERROR", "RetailCore failure: " + e);
        }
    }

    private String lookup(String operation, Request request) {
        if (operation == null) {
            throw new IllegalStateException("stub mapping has no transformer parameter 'operation'");
        }
        return switch (operation) {
            case "product" -> lookups.product(pathId(request));
            case "productList" -> lookups.productList(listParams(request));
            case "stock" -> lookups.stock(pathId(request));
            case "customer" -> lookups.customer(pathId(request));
            case "order" -> lookups.order(pathId(request));
            case "customerOrders" -> lookups.customerOrders(pathId(request));
            default -> throw new IllegalStateException("stub mapping names unknown operation '" + operation + "'");
        };
    }

    /**
     * Third path segment, decoded after the path is split: {@code /retailcore/products/11} gives {@code 11}, and
     * {@code /retailcore/products/7%2Fabc} gives {@code 7/abc} (refused later as not an id), never {@code 7}.
     */
    private static String pathId(Request request) {
        String path;
        try {
            path = URI.create(request.getUrl()).getRawPath();
        } catch (IllegalArgumentException e) {
            throw LookupException.badRequest("Malformed request path: " + request.getUrl());
        }
        String[] segments = path.split("/");
        if (segments.length < 4 || segments[3].isEmpty()) {
            throw LookupException.badRequest("The request path has no id: " + path);
        }
        try {
            return URLDecoder.decode(segments[3].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LookupException.badRequest("Malformed request path: " + request.getUrl());
        }
    }

    private static Map<String, String> listParams(Request request) {
        Map<String, String> params = new HashMap<>();
        for (String name : LIST_PARAMS) {
            QueryParameter p = request.queryParameter(name);
            if (p != null && p.isPresent() && !p.values().isEmpty()) {
                params.put(name, p.firstValue());
            }
        }
        return params;
    }
}
