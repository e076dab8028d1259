; Skolekontor's Windows installer, made by `make package` with Debian's makensis.
; 64-bit, per machine into Program Files: the program, skolekontor-cli and
; WebView2Loader.dll, a Start-menu entry and an uninstaller. The school's data is not
; here but in each user's app-data folder (%APPDATA%\dk.skolekontor.app) with its key
; in Windows' credential store; the uninstaller leaves both alone.
;
; makensis -DVERSION=0.1.0 -DBUILD=<folder with the .exe files> -DICON=<icon.ico>
;          -DOUTFILE=<setup.exe> installer.nsi

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define PRODUCT "Skolekontor"
!define PUBLISHER "Skolekontor"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Skolekontor"
; The Evergreen WebView2 Runtime's client id (Microsoft's documented registry check).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_DOWNLOAD "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} installationsprogram"
VIAddVersionKey /LANG=0 "LegalCopyright" "© 2026 Skolekontor. MIT-licens."

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\skolekontor.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Danish first: the installer speaks Windows' language when it is one of these.
!insertmacro MUI_LANGUAGE "Danish"
!insertmacro MUI_LANGUAGE "English"

LangString WebView2Missing ${LANG_DANISH} "Skolekontors vindue bruger Microsoft Edge WebView2, som ikke findes på denne pc (Windows 10 og 11 har den normalt). Programmet er installeret, men vinduet kan først åbne, når WebView2 er installeret.$\r$\n$\r$\nVil du åbne Microsofts side, hvor den hentes gratis?"
LangString WebView2Missing ${LANG_ENGLISH} "Skolekontor's window uses Microsoft Edge WebView2, which this PC does not have (Windows 10 and 11 normally do). The program is installed, but its window opens only once WebView2 is installed.$\r$\n$\r$\nOpen Microsoft's page where it can be downloaded for free?"
LangString WebView2Note ${LANG_DANISH} "WebView2 mangler; hent den fra ${WEBVIEW2_DOWNLOAD}"
LangString WebView2Note ${LANG_ENGLISH} "WebView2 is missing; download it from ${WEBVIEW2_DOWNLOAD}"
LangString DataStays ${LANG_DANISH} "Skolens data og nøglen bliver på pc'en (%APPDATA%\dk.skolekontor.app og Windows' legitimationsoplysninger)."
LangString DataStays ${LANG_ENGLISH} "The school's data and its key stay on the PC (%APPDATA%\dk.skolekontor.app and Windows' Credential Manager)."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Skolekontor kræver 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

; WebView2 is installed per machine (32-bit registry view) or per user.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    DetailPrint "$(WebView2Note)"
    MessageBox MB_YESNO|MB_ICONINFORMATION "$(WebView2Missing)" /SD IDNO IDNO done
    ExecShell "open" "${WEBVIEW2_DOWNLOAD}"
  ${EndIf}
  done:
FunctionEnd

Section "Skolekontor" main
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "${BUILD}\skolekontor.exe"
  File "${BUILD}\skolekontor-cli.exe"
  File "${BUILD}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\skolekontor.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\skolekontor.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize ${main} $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0

  Call CheckWebView2
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$INSTDIR\skolekontor.exe"
  Delete "$INSTDIR\skolekontor-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DetailPrint "$(DataStays)"
SectionEnd
