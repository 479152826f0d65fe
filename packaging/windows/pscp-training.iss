; Inno Setup script for PSCP Training: a per-machine install of the one-folder build.
; Build on Windows from the repository root (see docs/it-guide.md):
;   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
; which runs PyInstaller and then:
;   iscc /DAppVersion=<version> packaging\windows\pscp-training.iss
; Upgrading: installing a newer version over an older one replaces the program folder in
; place (same AppId). The database lives in each user's data folder
; (%LOCALAPPDATA%\pscp-training) or on the team's PostgreSQL server, never in the program
; folder, so neither an upgrade nor an uninstall touches it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1E9A52-3D1F-4B7A-9E0B-5A2F4C8D7E31}
AppName=PSCP Training
AppVersion={#AppVersion}
AppVerName=PSCP Training {#AppVersion}
AppPublisher=Safeguarding Children Partnership
DefaultDirName={autopf}\PSCP Training
DefaultGroupName=PSCP Training
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=PSCP-Training-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\pscp-training.ico
UninstallDisplayIcon={app}\pscp-training.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Old program files go before the new ones arrive (user data is elsewhere and untouched).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\pscp-training\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\PSCP Training"; Filename: "{app}\pscp-training.exe"; Comment: "Safeguarding training bookings, registers and reports"
Name: "{autodesktop}\PSCP Training"; Filename: "{app}\pscp-training.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\pscp-training.exe"; Description: "{cm:LaunchProgram,PSCP Training}"; Flags: nowait postinstall skipifsilent
