import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog> element: the rest of the page is inert while it is open,
 * Tab and Shift+Tab cycle through its controls (never out to the browser's own UI), Escape
 * closes it, and on closing the keyboard focus goes back to the control that opened it.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const wantedOpen = useRef(open);

  const giveFocusBack = () => {
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected) back.focus();
  };

  useEffect(() => {
    const dialog = ref.current;
    wantedOpen.current = open;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      giveFocusBack();
    }
  }, [open]);

  // The browser dispatches `close` in a later task: by then the owner may have opened the dialog
  // again (a quick Escape then Enter on the opener), and that stale event must not close it. Only a
  // close the owner did not ask for (the dialog closed by the browser itself) is reported.
  const closed = () => {
    if (ref.current?.open || !wantedOpen.current) return;
    giveFocusBack();
    onClose();
  };

  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const controls = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.getClientRects().length > 0,
    );
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    const outside = !ref.current.contains(active);
    if (event.shiftKey && (active === first || active === ref.current || outside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || outside)) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={closed}
      onCancel={(event) => {
        // Escape: the owner closes the dialog (setting `open`), which gives the focus back.
        event.preventDefault();
        onClose();
      }}
      onKeyDown={trapTab}
    >
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}
