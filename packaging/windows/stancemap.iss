; Inno Setup script for the Windows installer: wraps the one-folder build in dist\stancemap.
;   iscc /DAppVersion=0.1.0 packaging\windows\stancemap.iss   -> dist\StanceMap-0.1.0-setup.exe
; Per-user install by default (no administrator rights needed); user projects and settings
; live in the user's AppData folders, never in the install folder.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Root "..\.."

[Setup]
AppId={{6B0E3C39-2E43-4B7B-9E39-4F4A0C1D6A21}
AppName=StanceMap
AppVersion={#AppVersion}
AppPublisher=StanceMap
DefaultDirName={autopf}\StanceMap
DefaultGroupName=StanceMap
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=StanceMap-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\stancemap.ico
UninstallDisplayIcon={app}\stancemap-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\stancemap\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\StanceMap"; Filename: "{app}\stancemap-gui.exe"
Name: "{autodesktop}\StanceMap"; Filename: "{app}\stancemap-gui.exe"; Tasks: desktopicon

[Registry]
; Double-clicking a .stancemap project opens it in StanceMap.
Root: HKA; Subkey: "Software\Classes\.stancemap"; ValueType: string; ValueData: "StanceMap.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\StanceMap.Project"; ValueType: string; ValueData: "StanceMap project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\StanceMap.Project\DefaultIcon"; ValueType: string; ValueData: "{app}\stancemap-gui.exe,0"
Root: HKA; Subkey: "Software\Classes\StanceMap.Project\shell\open\command"; ValueType: string; ValueData: """{app}\stancemap-gui.exe"" ""%1"""

[Run]
Filename: "{app}\stancemap-gui.exe"; Description: "{cm:LaunchProgram,StanceMap}"; Flags: nowait postinstall skipifsilent
