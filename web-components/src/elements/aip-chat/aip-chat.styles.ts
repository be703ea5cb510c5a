import { css } from 'lit'

/** Styles of `<aip-chat>` on top of the theme tokens and the shared form styles. */
export const chatStyles = css`
  .chat {
    display: grid;
    grid-template-columns: minmax(10rem, 14rem) 1fr;
    gap: calc(var(--aip-spacing, 0.5rem) * 2);
  }
  @media (max-width: 40rem) {
    .chat {
      grid-template-columns: 1fr;
    }
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.1em;
  }
  nav ul {
    list-style: none;
    margin: var(--aip-spacing, 0.5rem) 0 0;
    padding: 0;
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) / 2);
  }
  button.session {
    width: 100%;
    text-align: start;
    background: transparent;
    color: inherit;
    border: 1px solid var(--aip-color-border, #8c959f);
  }
  button.session[aria-current='true'] {
    border-color: var(--aip-color-primary, #0b57d0);
    font-weight: 600;
  }
  button.new {
    margin-top: var(--aip-spacing, 0.5rem);
  }
  .conversation {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) * 2);
    align-content: start;
  }
  ol.messages {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
  }
  .user,
  .assistant {
    margin: 0;
    padding: var(--aip-spacing, 0.5rem);
    border-radius: var(--aip-radius, 0.375rem);
    white-space: pre-wrap;
  }
  .user {
    font-weight: 600;
  }
  .assistant {
    border: 1px solid var(--aip-color-border, #8c959f);
  }
  .send {
    display: flex;
    gap: var(--aip-spacing, 0.5rem);
    align-items: end;
  }
  .send .field {
    flex: 1;
  }
`
