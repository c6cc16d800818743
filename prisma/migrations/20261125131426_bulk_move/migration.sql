-- AlterTable
ALTER TABLE "BulkJob" ADD COLUMN     "movedAt" TIMESTAMP(3);
