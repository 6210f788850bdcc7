package dev.ficus.bench;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the façade's XML → JSON translation, RetailCore's XML through the XSLT 3.0 mappings of
 * {@code adapters/retailcore/mappings/} with Saxon (the engine of Camel's {@code xslt-saxon}): one product
 * ({@code product-to-json.xsl} on {@code samples/product-11.xml}) and a page of ten products
 * ({@code product-list-to-json.xsl} on {@code samples/product-list-category-4.xml}) with the stylesheet compiled
 * once, as the route's endpoint keeps it, and, for comparison, compiled on every call. Average time per
 * translation, µs. Run alone: {@code java -cp <test class path> org.openjdk.jmh.Main XsltTranslationBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class XsltTranslationBench {

    private static final Path MAPPINGS = Path.of("adapters/retailcore/mappings");
    private static final Path SAMPLES = Path.of("adapters/retailcore/samples");

    private Processor saxon;
    private XsltExecutable product;
    private XsltExecutable list;
    private String productXml;
    private String listXml;

    /** Compiles both stylesheets and reads the samples. */
    @Setup
    public void setUp() throws Exception {
        saxon = new Processor(false);
        XsltCompiler compiler = saxon.newXsltCompiler();
        product = compiler.compile(new StreamSource(MAPPINGS.resolve("product-to-json.xsl").toFile()));
        list = compiler.compile(new StreamSource(MAPPINGS.resolve("product-list-to-json.xsl").toFile()));
        productXml = Files.readString(SAMPLES.resolve("product-11.xml"));
        listXml = Files.readString(SAMPLES.resolve("product-list-category-4.xml"));
    }

    /** @return product 11 as canonical JSON, stylesheet compiled once */
    @Benchmark
    public String productCompiledOnce() throws SaxonApiException {
        return translate(product, productXml);
    }

    /** @return a page of ten products as canonical JSON, stylesheet compiled once */
    @Benchmark
    public String productListCompiledOnce() throws SaxonApiException {
        return translate(list, listXml);
    }

    /** @return product 11 as canonical JSON, stylesheet compiled for this call (what caching saves) */
    @Benchmark
    public String productCompiledPerCall() throws SaxonApiException {
        XsltExecutable fresh = saxon.newXsltCompiler()
                .compile(new StreamSource(MAPPINGS.resolve("product-to-json.xsl").toFile()));
        return translate(fresh, productXml);
    }

    private String translate(XsltExecutable stylesheet, String xml) throws SaxonApiException {
        Xslt30Transformer transformer = stylesheet.load30();
        StringWriter out = new StringWriter(512);
        Serializer serializer = saxon.newSerializer(out);
        transformer.transform(new StreamSource(new StringReader(xml)), serializer);
        return out.toString();
    }
}
