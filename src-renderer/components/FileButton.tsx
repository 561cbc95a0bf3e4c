import { useRef } from 'react';

/** A button that opens the file picker; the file input itself is hidden but keeps its accessible name. */
export function FileButton({
  label,
  fileLabel,
  accept,
  onFile,
}: {
  label: string;
  fileLabel: string;
  accept: string;
  onFile(file: File): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={fileLabel}
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </>
  );
}
