import { BrowserWindow, dialog, type MessageBoxOptions } from 'electron'
import { describeChange, type ChangeConfirmer } from '../core/api/ChangeConfirmer'

/**
 * The desktop app's confirmation (issue 9): a native dialog drawn by the main process. The renderer
 * can ask for a change but cannot answer this dialog (a script in a page cannot click OS windows),
 * so a compromised or scripted page alone never re-points uploads or names a program to run.
 */
export const dialogConfirmer: ChangeConfirmer = {
  where: 'the dialog Earshot shows',
  confirm: async (change) => {
    const options: MessageBoxOptions = {
      type: 'warning',
      title: 'Earshot',
      message: `Allow Earshot to ${describeChange(change)}?`,
      detail:
        'This changes where your transcripts are sent or which program or model Earshot runs. ' +
        'Allow it only if you made this change yourself.',
      buttons: ['Cancel', 'Allow'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    }
    const window = BrowserWindow.getFocusedWindow()
    const { response } = await (window
      ? dialog.showMessageBox(window, options)
      : dialog.showMessageBox(options))
    return response === 1
  },
}
