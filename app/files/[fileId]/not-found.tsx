import { FileNotFound } from '@/components/box-preview/status-panel';

export default function NotFound() {
  return <FileNotFound />;
}
