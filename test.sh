#!/usr/bin/env bash
# Runs every test project. Installs what the tests need (idempotent), starts private
# services on loopback, stops them on exit, exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Crashdesk.slnx -c Release
dotnet test Crashdesk.slnx -c Release --no-build --logger "console;verbosity=minimal"
