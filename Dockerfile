# One image for every Crashdesk process: the Api host (REST + UI + optional in-process worker) and
# the Worker host (analyses; also `migrate` and `bootstrap` one-shot commands). docker-compose.yml
# picks the process with `command`.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The Web project copies Bootstrap from npm during the build (src/Web/Web.csproj); the NativeAOT engine
# (src/Cli) links with clang against zlib's headers.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY . .
RUN dotnet publish src/Api -c Release -o /out/api \
 && dotnet publish src/Worker -c Release -o /out/worker
# The engine each analysis runs in a child process (Analysis:Engine, README "Worker"): beside both hosts as
# engine/crashdesk, the default Analysis:Engine:Path; its debug symbols and docs stay in the build stage.
RUN dotnet publish src/Cli -c Release -r linux-x64 -o /engine \
 && mkdir -p /out/api/engine /out/worker/engine \
 && cp /engine/crashdesk /out/api/engine/ && cp /engine/crashdesk /out/worker/engine/

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Native decompressors the engine loads for kdump pages (platform.md).
RUN apt-get update && apt-get install -y --no-install-recommends liblzo2-2 libsnappy1v5 libzstd1 zlib1g \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/ ./
ENV ASPNETCORE_URLS=http://+:8080 DOTNET_CLI_TELEMETRY_OPTOUT=1
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet"]
CMD ["api/Crashdesk.Api.dll"]
