import { css } from 'lit'
import { formStyles } from '../../base/form-styles.js'

/** Styles of `<aip-support-form>`: the shared form styles, the heading and the signed-in note. */
export const supportFormStyles = [
  formStyles,
  css`
    h2 {
      margin: 0;
      font-size: 1.25em;
    }
    .identity {
      margin: 0;
      color: var(--aip-color-muted, #59636e);
    }
    input[readonly] {
      background: transparent;
      border-style: dashed;
    }
  `,
]
