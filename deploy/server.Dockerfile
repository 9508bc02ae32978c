# Coffer's server. Build the jars first (./coffer test, or mvn -DskipTests package), then
#   docker build -f deploy/server.Dockerfile -t coffer-server:0.1.0 .
FROM eclipse-temurin:21-jre
COPY coffer-server/target/lib/ /opt/coffer/lib/
COPY coffer-server/target/coffer-server.jar /opt/coffer/
USER 65532:65532
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000", "-XX:G1HeapRegionSize=4m", "-jar", "/opt/coffer/coffer-server.jar"]
CMD ["server"]
