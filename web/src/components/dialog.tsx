// A modal confirmation on the native <dialog>: showModal() makes the rest of
// the page inert, keeps Tab inside and closes on Escape, so no focus trap of
// our own is needed. Focus starts on the safe choice (going back) and returns
// to the element that opened the dialog.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function ConfirmDialog({
  id,
  open,
  title,
  children,
  confirm,
  back,
  danger,
  onConfirm,
  onClose,
}: {
  id: string;
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirm: string;
  back: string;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const backButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      backButton.current?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  const close = () => {
    onClose();
    // The opener may have been re-rendered; focus it only while it is still there.
    const o = opener.current;
    if (o instanceof HTMLElement && o.isConnected) o.focus();
  };
  return (
    <dialog
      ref={ref}
      id={id}
      class="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        // Escape: close through our own state, so it stays in step.
        e.preventDefault();
        close();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      <div class="buttons">
        <button type="button" class={danger ? 'button warning' : 'button'} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" class="button secondary" ref={backButton} onClick={close}>
          {back}
        </button>
      </div>
    </dialog>
  );
}
