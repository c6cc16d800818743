-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "linkPreview" TEXT NOT NULL DEFAULT 'basic';
