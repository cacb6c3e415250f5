# One image for every Crashdesk process: the Api host (REST + UI + optional in-process worker) and
# the Worker host (analyses; also `migrate` and `bootstrap` one-shot commands). docker-compose.yml
# picks the process with `command`.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The Web project copies Bootstrap from npm during the build (src/Web/Web.csproj).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY . .
RUN dotnet publish src/Api -c Release -o /out/api \
 && dotnet publish src/Worker -c Release -o /out/worker

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
