# Coffer's Kubernetes operator. Build the jars first (./coffer test, or mvn -DskipTests package), then
#   docker build -f deploy/operator.Dockerfile -t coffer-operator:0.1.0 .
FROM eclipse-temurin:21-jre
COPY coffer-operator/target/lib/ /opt/coffer-operator/lib/
COPY coffer-operator/target/coffer-operator.jar /opt/coffer-operator/
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/opt/coffer-operator/coffer-operator.jar"]
