# syntax=docker/dockerfile:1
# The ClusterOperator image: docker build -t clusteroperator/clusteroperator:0.1.0 .
# The test suite runs this stage's `dotnet publish` line itself (tests/ClusterOperator.Packaging.Tests), because
# the machines that run it have no Docker engine.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# .dockerignore lets in only the sources and the repository-wide build settings.
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/ClusterOperator/ClusterOperator.csproj --configuration Release --output /app

# Chiseled: no shell and no package manager, and the "app" user (UID 1654) is built in.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
# A 4 MiB young generation: the operator is a long-lived cache holder, and the default budget, sized to the CPU's
# cache, lets garbage pile up between collections. Holding 10,000 runs, bench-operator measured 251-289 MB resident
# with it against 274-344 MB without. The runtime reads this setting only from the environment.
ENV DOTNET_GCgen0size=0x400000
EXPOSE 8080
ENTRYPOINT ["/app/clusteroperator", "run"]
