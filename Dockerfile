# LiveStage node: build with Maven, run on a JRE as a non-root user.
#   docker build -t livestage .
#   docker run -p 8080:8080 -p 10000:10000/udp livestage           # dev defaults
# Production: deploy/compose.yaml (with Redis and coturn) and docs/deploy.md.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so a source change does not download them again.
COPY pom.xml .
COPY signaling/pom.xml signaling/
COPY gifting-bridge/pom.xml gifting-bridge/
COPY streaming-server/pom.xml streaming-server/
COPY loadtest/pom.xml loadtest/
RUN mvn -B -q -pl streaming-server -am dependency:go-offline
COPY config config
COPY signaling signaling
COPY gifting-bridge gifting-bridge
COPY streaming-server streaming-server
RUN mvn -B -q -pl streaming-server -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system livestage && useradd --system --gid livestage --home-dir /opt/livestage livestage
WORKDIR /opt/livestage
COPY --from=build /src/streaming-server/target/livestage.jar livestage.jar
COPY config/production.example.yaml production.example.yaml
USER livestage
# HTTP/WebSocket (8080 dev, 8443 production example), media (UDP), metrics when metrics.port is set.
EXPOSE 8080 8443 10000/udp 9464 9465
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["java", "-cp", "livestage.jar", "io.livestage.server.HealthProbe"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "livestage.jar"]
