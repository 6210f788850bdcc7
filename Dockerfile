# Builds the Ficus image used by docker-compose.yml. Routes, adapters and config stay files on disk so an
# integration team can mount its own.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/ficus-*.jar /app/ficus.jar
COPY routes /app/routes
COPY adapters /app/adapters
COPY config /app/config
EXPOSE 8080 8090
ENTRYPOINT ["java", "-jar", "/app/ficus.jar"]
