; Inno Setup 6 script: the Windows installer around the one-folder bundle.
;
; Built by `python tools/build_bundle.py --test --installer` on Windows (the CI workflow
; .github/workflows/windows-installer.yml does it), which passes the version and the bundle:
;   iscc /DAppVersion=0.1.0 /DBundleDir=C:\...\dist\mmi-desktop /OC:\...\dist packaging\mmi-desktop.iss
;
; Installs for the current user (no administrator needed on an office PC) into
; %LOCALAPPDATA%\Programs\MMI Desktop, with a Start-menu entry and an uninstaller. The
; database is not here: the app keeps it in the user's data folder
; (%LOCALAPPDATA%\MMI Desktop\MMI Desktop), which neither the installer nor the uninstaller
; touches, so uninstalling or upgrading keeps every case.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (tools/build_bundle.py --installer does)
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\dist\mmi-desktop"
#endif

[Setup]
; The AppId stays the same for every version: an upgrade replaces the program in place.
AppId={{6C1D8F0A-4E7B-4B5E-9A3C-2D7E5B1F9C42}
AppName=MMI Desktop
AppVersion={#AppVersion}
AppVerName=MMI Desktop {#AppVersion}
AppPublisher=MMI Desktop
DefaultDirName={autopf}\MMI Desktop
DefaultGroupName=MMI Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#AddBackslash(SourcePath)}..\resources\icons\mmi-desktop.ico
UninstallDisplayIcon={app}\mmi-desktop.exe
UninstallDisplayName=MMI Desktop {#AppVersion}
OutputBaseFilename=mmi-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: the program and its _internal folder. Nothing else is installed.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\MMI Desktop"; Filename: "{app}\mmi-desktop.exe"; IconFilename: "{app}\mmi-desktop.exe"; Comment: "Workers' compensation cases, MMI, ratings, deadlines and client letters"
Name: "{group}\MMI Desktop (demo cases)"; Filename: "{app}\mmi-desktop.exe"; Parameters: "--demo"; IconFilename: "{app}\mmi-desktop.exe"; Comment: "Try the app on invented sample cases, apart from your own"
Name: "{group}\{cm:UninstallProgram,MMI Desktop}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\MMI Desktop"; Filename: "{app}\mmi-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\mmi-desktop.exe"; Description: "{cm:LaunchProgram,MMI Desktop}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] is left out on purpose: the uninstaller removes only what [Files] put
; in {app}; the database, its backups and the log in the user's data folder stay.
