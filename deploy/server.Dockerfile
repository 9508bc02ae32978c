# Coffer's server. Build the jars first (./coffer test, or mvn -DskipTests package), then
#   docker build -f deploy/server.Dockerfile -t coffer-server:0.1.0 .
# JDK 25 for compact object headers (less heap per object). The JVM options are the launcher's
# (./coffer, server_opts) except the heap bound, which the Helm chart sets (JAVA_TOOL_OPTIONS=-Xmx…);
# MALLOC_ARENA_MAX=2 keeps glibc from holding a malloc arena per core per thread burst.
FROM eclipse-temurin:25-jre
COPY coffer-server/target/lib/ /opt/coffer/lib/
COPY coffer-server/target/coffer-server.jar /opt/coffer/
USER 65532:65532
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-Xss512k", "-XX:MaxDirectMemorySize=64m", "-XX:ReservedCodeCacheSize=64m", \
  "-XX:TrimNativeHeapInterval=5000", "-XX:+UseCompactObjectHeaders", \
  "-XX:+UseG1GC", "-XX:GCTimeRatio=4", "-XX:MaxHeapFreeRatio=40", "-XX:MaxNewSize=40m", \
  "-XX:G1PeriodicGCInterval=15000", "-XX:-G1PeriodicGCInvokesConcurrent", "-XX:G1HeapRegionSize=4m", \
  "-jar", "/opt/coffer/coffer-server.jar"]
CMD ["server"]
