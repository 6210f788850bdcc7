# Builds Ficus's image (the default, last stage) and, as a separate target, the RetailCore mimic that
# docker-compose.yml runs as its own service. Routes, adapters and config stay files on disk so an integration team
# can mount its own.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests \
 && ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt

# The RetailCore mimic (playground, test scope: never part of Ficus's jar or image). docker compose: `retailcore`.
FROM eclipse-temurin:17-jre AS retailcore-mimic
WORKDIR /app
COPY --from=build /root/.m2/repository /root/.m2/repository
COPY --from=build /src/target/classes /app/classes
COPY --from=build /src/target/test-classes /app/test-classes
COPY --from=build /src/target/test-classpath.txt /app/test-classpath.txt
COPY adapters /app/adapters
EXPOSE 8090
ENTRYPOINT ["sh", "-c", "exec java -cp /app/test-classes:/app/classes:$(cat /app/test-classpath.txt) dev.ficus.playground.mimic.RetailCoreMimicApplication"]

# Ficus: the product jar alone.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/ficus-*[0-9T].jar /app/ficus.jar
COPY routes /app/routes
COPY adapters /app/adapters
COPY config /app/config
# The parallel collector: under a 16-client pgbench load change data capture had published 0.96 of PostgreSQL's
# commits by the end of the load, against 0.84 with G1, the JVM's default (BENCHMARKS.md, "collector"). Its heap
# bounded: unbounded, the parallel collector grew it to 2.5 GB resident on a 24 GiB machine under bench/run's loads.
ENV JAVA_TOOL_OPTIONS="-XX:+UseParallelGC -Xmx512m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 61616
ENTRYPOINT ["java", "-jar", "/app/ficus.jar"]
