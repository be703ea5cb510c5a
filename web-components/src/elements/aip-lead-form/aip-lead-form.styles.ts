import { css } from 'lit'
import { formStyles } from '../../base/form-styles.js'

/** Styles of `<aip-lead-form>`: the shared form styles and the form title. */
export const leadFormStyles = [
  formStyles,
  css`
    h2 {
      margin: 0;
      font-size: 1.25em;
    }
  `,
]
