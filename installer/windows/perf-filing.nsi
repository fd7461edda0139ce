; Windows installer for perf-filing: wraps the PyInstaller one-folder bundle into one setup.exe.
; Per-user install (no administrator rights): everything goes under %LOCALAPPDATA% and HKCU.
;
;   makensis -DBUNDLE_DIR=%CD%\dist\perf-filing -DVERSION=0.1.0 -DSUFFIX=.jxzp ^
;            -DOUTFILE=%CD%\dist\perf-filing-0.1.0-setup.exe installer\windows\perf-filing.nsi
;
; makensis works in this script's folder: give it absolute paths. installer/build nsis passes
; these from perfcore; see installer/README.md.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef BUNDLE_DIR
  !error "pass -DBUNDLE_DIR=<folder holding perf-filing.exe and _internal>"
!endif
!ifndef VERSION
  !error "pass -DVERSION=<x.y.z>"
!endif
!ifndef SUFFIX
  !error "pass -DSUFFIX=<report file suffix, e.g. .jxzp>"
!endif
!ifndef OUTFILE
  !define OUTFILE "perf-filing-${VERSION}-setup.exe"
!endif
!ifndef ICON
  ; makensis works in the script's folder, so this is relative to installer/windows.
  !define ICON "..\..\resources\icons\perf-filing.ico"
!endif

!define APP_ID "perf-filing"
!define APP_NAME "绩效自评填报"
!define APP_EXE "perf-filing.exe"
!define PROG_ID "PerfFiling.Report"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define CLASSES "Software\Classes"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"

!include "MUI2.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; A previous version's bundle is replaced whole, so no stale library outlives an upgrade.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; Report files open in the app on double-click.
  WriteRegStr HKCU "${CLASSES}\${SUFFIX}" "" "${PROG_ID}"
  WriteRegStr HKCU "${CLASSES}\${SUFFIX}\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}" "" "绩效自评报告"
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}\DefaultIcon" "" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer picks up the new association without a logoff.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "perf-filing"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ; Only what the installer put there goes: the user's report files may sit anywhere, even in
  ; $INSTDIR, and are left alone; the folder itself goes only if it is then empty.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\perf-filing-console.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; The association is removed only while it is still ours.
  ReadRegStr $0 HKCU "${CLASSES}\${SUFFIX}" ""
  StrCmp $0 "${PROG_ID}" 0 +2
    DeleteRegValue HKCU "${CLASSES}\${SUFFIX}" ""
  DeleteRegValue HKCU "${CLASSES}\${SUFFIX}\OpenWithProgids" "${PROG_ID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${SUFFIX}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${SUFFIX}"
  DeleteRegKey HKCU "${CLASSES}\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "Software\${APP_ID}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
