# Builds the Windows installer: PyInstaller one-folder build, a smoke test of it, then
# Inno Setup. Needs Python 3.11 and Inno Setup 6 (iscc.exe) installed.
# Run from the repository root:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python.exe -m pip install --quiet "uv==0.13.9"
$env:UV_PROJECT_ENVIRONMENT = ".venv"; $env:UV_PYTHON_DOWNLOADS = "never"
.venv\Scripts\uv.exe sync --locked --all-extras --python .venv\Scripts\python.exe

.venv\Scripts\python.exe packaging\make_icons.py
.venv\Scripts\python.exe -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\pscp-training.spec

# Smoke test: a fresh database in a temporary folder, migrated by the frozen program.
$tmp = Join-Path $env:TEMP ("pscp-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory $tmp | Out-Null
$env:PSCP_TRAINING_HOME = $tmp
& dist\pscp-training\pscp-training-cli.exe --db "sqlite:///$tmp\smoke.sqlite3" db upgrade
if ($LASTEXITCODE -ne 0) { throw "the frozen build could not migrate a fresh database" }
& dist\pscp-training\pscp-training-cli.exe --db "sqlite:///$tmp\smoke.sqlite3" import register packaging\smoke\register.csv
if ($LASTEXITCODE -ne 0) { throw "the frozen build could not import the smoke-test register" }
Remove-Item -Recurse -Force $tmp

$version = (& dist\pscp-training\pscp-training-cli.exe --version).Split(" ")[1]
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
& $iscc "/DAppVersion=$version" packaging\windows\pscp-training.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "Installer written to dist\installer\PSCP-Training-$version-setup.exe"
